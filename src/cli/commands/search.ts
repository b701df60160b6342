import type { Command } from 'commander';
import { rebuildMemorialIndex } from '../../services/memorial-index.js';
import { reindexAll, searchCases } from '../../services/search.js';
import { operator, withContext } from '../context.js';

export function registerSearch(program: Command): void {
  program
    .command('search <query>')
    .description('search sources, document text, excerpts and names (Persian or Latin script)')
    .option('--case <id>', 'only this case (default: every case)')
    .option('--limit <n>', 'number of hits', '20')
    .option(
      '--json',
      'print an array of hits (source_id, title, file_name, snippet, matched spellings, score, …)',
    )
    .action(async (query: string, opts: { case?: string; limit: string; json?: boolean }) => {
      const limit = Math.min(Math.max(Number.parseInt(opts.limit, 10) || 20, 1), 500);
      const result = await withContext({}, ({ ctx }) =>
        searchCases(ctx, operator(), {
          q: query,
          ...(opts.case ? { caseId: opts.case } : {}),
          limit,
          offset: 0,
        }),
      );
      if (opts.json) {
        console.log(
          JSON.stringify(
            result.hits.map((h) => ({
              source_id: h.sourceId,
              file_id: h.fileId,
              case_id: h.caseId,
              kind: h.kind,
              record_id: h.recordId,
              title: h.title,
              file_name: h.fileName,
              snippet: h.snippet,
              matched: h.matches.map((m) => ({ spelling: m.text, query: m.query, reason: m.reason })),
              score: h.score,
              language: h.language,
            })),
            null,
            2,
          ),
        );
        return;
      }
      console.log(`${result.total} hit(s)`);
      for (const h of result.hits) {
        let snippet = '';
        let at = 0;
        for (const [start, end] of h.highlights) {
          snippet += `${h.snippet.slice(at, start)}[${h.snippet.slice(start, end)}]`;
          at = end;
        }
        snippet += h.snippet.slice(at);
        console.log(
          `${h.kind.padEnd(12)} ${h.title}${h.fileName ? `  (${h.fileName})` : ''}  score ${h.score.toFixed(3)}`,
        );
        console.log(`  ${snippet.replace(/\s+/g, ' ')}`);
        const other = h.matches.filter((m) => m.reason !== 'exact');
        if (other.length)
          console.log(`  matched: ${other.map((m) => `${m.text} for ${m.query} (${m.reason})`).join('; ')}`);
      }
    });

  program
    .command('reindex')
    .description(
      'rebuild the search entries of every case and the memorial index from the records (extracted texts are kept)',
    )
    .action(async () => {
      const result = await withContext({}, async ({ ctx }) => ({
        ...(await reindexAll(ctx)),
        memorial: (await rebuildMemorialIndex(ctx)).people,
      }));
      console.log(
        `${result.entries} entries in ${result.cases} case(s); ${result.memorial} people in the memorial`,
      );
    });
}

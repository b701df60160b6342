import { createReadStream, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { DomainError, ValidationError } from '../../domain/errors.js';
import { SENSITIVITY_LABELS, sensitivitySchema } from '../../domain/sensitivity.js';
import { searchIndexFor } from '../../search/index.js';
import { IngestSession, type IngestResult } from '../../services/evidence.js';
import { operator, withContext } from '../context.js';
import { resolveCase } from './lists.js';

interface IngestOptions {
  case?: string;
  sensitivity: string;
  collectedBy?: string;
  origin?: string;
  method?: string;
  json?: boolean;
}

/** Every regular file under the given paths (folders walked recursively, hidden entries skipped), sorted. */
export function filesUnder(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    const info = statSync(path);
    if (info.isDirectory()) {
      for (const entry of readdirSync(path).sort()) if (!entry.startsWith('.')) walk(join(path, entry));
    } else if (info.isFile()) {
      out.push(path);
    }
  };
  for (const path of paths) {
    try {
      walk(path);
    } catch {
      throw new ValidationError([{ field: 'paths', message: `cannot read ${path}` }]);
    }
  }
  return out;
}

function bar(done: number, total: number): string {
  const width = 24;
  const filled = total ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('add files or folders as sources: stored by SHA-256, text extracted, indexed, names spotted')
    .argument('<paths...>', 'files or folders')
    .option('--case <id>', 'case (default: the only case, or the demo case)')
    .option('--sensitivity <label>', `one of ${SENSITIVITY_LABELS.join(', ')}`, 'internal')
    .option('--collected-by <who>', 'who collected the files (chain of custody)')
    .option('--origin <where>', 'where the files came from')
    .option('--method <how>', 'how they were collected')
    .option('--json', 'print one JSON object per file and a summary')
    .action(async (paths: string[], opts: IngestOptions) => {
      const sensitivity = sensitivitySchema.safeParse(opts.sensitivity);
      if (!sensitivity.success)
        throw new ValidationError([
          { field: 'sensitivity', message: `one of ${SENSITIVITY_LABELS.join(', ')}` },
        ]);
      const files = filesUnder(paths);
      if (files.length === 0) throw new ValidationError([{ field: 'paths', message: 'no files found' }]);
      const collection = {
        ...(opts.collectedBy ? { collectedBy: opts.collectedBy } : {}),
        ...(opts.origin ? { origin: opts.origin } : {}),
        ...(opts.method ? { method: opts.method } : {}),
        tool: 'dossier ingest',
        collectedAt: new Date().toISOString(),
      };
      const summary = {
        files: files.length,
        stored: 0,
        duplicates: 0,
        failed: 0,
        extractionFailed: 0,
        pages: 0,
        bytes: 0,
        languages: {} as Record<string, number>,
        mentions: {} as Record<string, number>,
      };
      const progress = !opts.json && process.stderr.isTTY;
      await withContext({}, async ({ ctx }) => {
        const caseId = await resolveCase(ctx, opts.case);
        const session = await IngestSession.open(ctx, operator(), caseId);
        for (const [index, path] of files.entries()) {
          if (progress)
            process.stderr.write(`\r${bar(index, files.length)} ${basename(path).slice(0, 40).padEnd(40)}`);
          let result: IngestResult | undefined;
          let error: string | undefined;
          try {
            result = await session.ingest({
              content: createReadStream(path),
              fileName: basename(path),
              sensitivity: sensitivity.data,
              collection,
            });
          } catch (caught) {
            if (!(caught instanceof DomainError)) throw caught;
            error = caught.message;
          }
          if (result) {
            summary[result.duplicate ? 'duplicates' : 'stored'] += 1;
            summary.bytes += result.file.size;
            const extraction = result.extraction;
            if (extraction?.status === 'done') {
              summary.pages += extraction.pages ?? 0;
              const language = extraction.language ?? 'unknown';
              summary.languages[language] = (summary.languages[language] ?? 0) + 1;
            } else if (extraction?.status === 'failed') {
              summary.extractionFailed += 1;
            }
            for (const [kind, n] of Object.entries(result.mentions.byKind))
              summary.mentions[kind] = (summary.mentions[kind] ?? 0) + n;
          } else {
            summary.failed += 1;
          }
          if (opts.json) {
            console.log(JSON.stringify({ path, ...(result ? { result } : { error }) }));
          } else {
            const line = result
              ? `${result.duplicate ? 'already stored' : 'stored'}  ${result.file.sha256.slice(0, 12)}  ${path}` +
                (result.extraction?.status === 'failed'
                  ? `\n  text extraction failed: ${result.extraction.message}`
                  : '') +
                (result.extraction?.status === 'done' && result.extraction.warnings.length
                  ? `\n  warning: ${result.extraction.warnings.join('; ')}`
                  : '')
              : `FAILED  ${path}: ${error}`;
            if (progress) process.stderr.write('\r\u001b[2K');
            console.log(line);
          }
        }
        if (progress) process.stderr.write(`\r\u001b[2K${bar(files.length, files.length)}\n`);
        // After a bulk load, merging the index segments makes later searches faster (SQLite).
        if (summary.stored >= 100) await searchIndexFor(ctx.store.dialect).optimize(ctx.store.db);
      });
      if (opts.json) {
        console.log(JSON.stringify({ summary }));
      } else {
        const list = (o: Record<string, number>) =>
          Object.entries(o)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ') || 'none';
        console.log(
          `${summary.files} files: ${summary.stored} stored, ${summary.duplicates} already stored, ${summary.failed} failed` +
            `${summary.extractionFailed ? `, ${summary.extractionFailed} without text` : ''}; ${summary.pages} pages; ` +
            `languages: ${list(summary.languages)}; mentions: ${list(summary.mentions)}`,
        );
      }
      process.exitCode = summary.failed + summary.extractionFailed > 0 ? 1 : 0;
    });
}

import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { buildApp } from '../../http/app.js';
import { initInstance } from '../../services/instance.js';
import { rebuildMemorialIndex } from '../../services/memorial-index.js';
import { reindexAll } from '../../services/search.js';
import { storeIsEmpty } from '../../storage/index.js';
import { openContext } from '../context.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the web server')
    .option('--init-if-empty', 'on an empty store, create the administrator and the demo case first')
    .option('--port <port>', 'port (default: PORT or 8080)')
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
    .action(async (opts: { initIfEmpty?: boolean; port?: string; host?: string }) => {
      const { ctx, config, close } = await openContext({ createKey: Boolean(opts.initIfEmpty) });
      let firstRun;
      if (opts.initIfEmpty && (await storeIsEmpty(ctx.store)))
        firstRun = await initInstance(ctx, { demo: true });
      const swept = await ctx.evidence.blobs.sweep();
      if (swept > 0) console.log(`Removed ${swept} file(s) an interrupted upload or extraction left behind.`);
      const indexed = await reindexAll(ctx, { onlyIfEmpty: true });
      if (indexed.entries > 0)
        console.log(`Search index built: ${indexed.entries} entries in ${indexed.cases} case(s).`);
      const memorial = await rebuildMemorialIndex(ctx, { onlyIfEmpty: true });
      if (memorial.people > 0) console.log(`Memorial index built: ${memorial.people} people.`);
      const app = await buildApp({
        ctx,
        cookieSecure: config.cookieSecure,
        logger: true,
        webRoot: fileURLToPath(new URL('../../web', import.meta.url)),
        ...(config.tileUrl ? { tileUrl: config.tileUrl, tileAttribution: config.tileAttribution ?? '' } : {}),
      });
      const port = opts.port ? Number(opts.port) : config.port;
      const host = opts.host ?? config.host;
      await app.listen({ port, host });
      const shown = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(host) ? 'localhost' : host;
      console.log(
        `\nDossier is running at http://${shown}:${port}/  (API docs: http://${shown}:${port}/api/docs)`,
      );
      if (firstRun?.admin) {
        console.log(
          `First run: administrator "${firstRun.admin.username}", one-time password: ${firstRun.admin.password}`,
        );
        console.log('You will be asked to choose a new password at first login.');
      }
      if (firstRun?.demoCase) console.log(`Demo case: ${firstRun.demoCase.title}`);
      if (!config.cookieSecure)
        console.log('Warning: DOSSIER_COOKIE_SECURE=false — session cookies travel over plain HTTP.');
      const stop = async () => {
        await app.close();
        await close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

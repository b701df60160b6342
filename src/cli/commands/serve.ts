import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { openBasemap } from '../../http/basemap.js';
import { buildApp } from '../../http/app.js';
import { initInstance } from '../../services/instance.js';
import { sealProtectedData } from '../../services/seal.js';
import { rebuildMemorialIndex } from '../../services/memorial-index.js';
import { reindexAll } from '../../services/search.js';
import { storeIsEmpty } from '../../storage/index.js';
import { checkpointHead, type CheckpointSettings } from '../../services/checkpoints.js';
import type { ServiceContext } from '../../services/context.js';
import { checkpointSettings, openContext } from '../context.js';

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
      if (swept > 0)
        console.log(`Removed ${swept} staging folder(s) an interrupted upload or extraction left behind.`);
      const sealed = await sealProtectedData(ctx, { once: true });
      if (sealed.sealed + sealed.raised > 0)
        console.log(
          `Protected data brought up to date: ${sealed.sealed} record(s) encrypted, ${sealed.raised} relabelled protected.`,
        );
      const anchoring = startCheckpoints(ctx, checkpointSettings(config), config.checkpointIntervalMinutes);
      await anchoring.first;
      const indexed = await reindexAll(ctx, { onlyIfEmpty: true });
      if (indexed.entries > 0)
        console.log(`Search index built: ${indexed.entries} entries in ${indexed.cases} case(s).`);
      // Records raised to protected by the seal may take people out of the memorial: rebuild it then.
      const memorial = await rebuildMemorialIndex(ctx, { onlyIfEmpty: sealed.raised === 0 });
      if (memorial.people > 0) console.log(`Memorial index built: ${memorial.people} people.`);
      const app = await buildApp({
        ctx,
        cookieSecure: config.cookieSecure,
        logger: true,
        anonymousLimits: config.anonymousLimits,
        memorialSearchThreads: config.memorialSearchThreads,
        bundles: {
          dir: join(config.dataDir, 'bundles'),
          checkpoints: checkpointSettings(config),
          chromium: config.chromium,
        },
        ...(config.trustProxy ? { trustProxy: config.trustProxy } : {}),
        webRoot: fileURLToPath(new URL('../../web', import.meta.url)),
        ...(config.tileUrl ? { tileUrl: config.tileUrl, tileAttribution: config.tileAttribution ?? '' } : {}),
        ...(config.basemapPmtiles
          ? { basemap: await openBasemap(config.basemapPmtiles, config.basemapAttribution ?? '') }
          : {}),
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
        anchoring.stop();
        await app.close();
        await close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

/**
 * Signs a checkpoint of the ledger's head now and then every `minutes` (none when the head has not moved),
 * so that the head is anchored outside the database without anyone having to remember it.
 */
export function startCheckpoints(
  ctx: ServiceContext,
  settings: CheckpointSettings,
  minutes: number,
): { first: Promise<void>; stop: () => void } {
  const run = async () => {
    try {
      const { checkpoint, problems } = await checkpointHead(ctx, settings);
      if (checkpoint)
        console.log(`Ledger checkpoint signed: entry ${checkpoint.seq} (${settings.file ?? 'database'}).`);
      for (const problem of problems)
        console.error(`Warning: no ledger checkpoint signed: ${problem}. Run "dossier verify".`);
    } catch (error) {
      console.error(`Warning: the ledger checkpoint failed: ${(error as Error).message}`);
    }
  };
  const timer = minutes > 0 ? setInterval(() => void run(), minutes * 60 * 1000) : null;
  timer?.unref();
  return { first: run(), stop: () => (timer ? clearInterval(timer) : undefined) };
}

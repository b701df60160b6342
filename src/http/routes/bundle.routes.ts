import { z } from 'zod';
import { ConflictError } from '../../domain/errors.js';
import { AUDIENCES } from '../../services/bundle.js';
import {
  listStoredBundles,
  openStoredBundleZip,
  previewBundle,
  startStoredBundle,
  type BundleSettings,
} from '../../services/bundle-store.js';
import type { ServiceContext } from '../../services/context.js';
import { ERROR_RESPONSES, type TypedApp } from '../typed-app.js';

const loose = z.record(z.string(), z.unknown());
const caseParams = z.object({ caseId: z.string().max(100) });
const bundleParams = caseParams.extend({ bundleId: z.string().max(100) });
const choice = {
  audience: z.enum(AUDIENCES),
  /** Record ids: only these, what is about them and what they rest on. */
  subjects: z.array(z.string().uuid()).max(500).optional(),
};
const previewBody = z.object(choice).strict();
const createBody = z.object({ ...choice, pdf: z.boolean().default(true) }).strict();

/**
 * Dossier bundles over HTTP: preview what an audience receives and what is left out (and why), start making a
 * bundle in the server's data folder (in the background: a large case with its PDF takes a minute), list them
 * with their state, and download one as its zip. For case members who may export the case; each creation is in
 * the ledger.
 */
export function registerBundleRoutes(
  app: TypedApp,
  ctx: ServiceContext,
  settings: BundleSettings | undefined,
): void {
  const tags = ['bundles'];
  app.post(
    '/api/cases/:caseId/bundles/preview',
    {
      schema: {
        tags,
        summary: 'What a bundle for the audience would hold (counts by type) and leave out, with why',
        params: caseParams,
        body: previewBody,
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async (request) => ({
      ...(await previewBundle(
        ctx,
        request.actor,
        request.params.caseId,
        request.body.audience,
        request.body.subjects,
      )),
    }),
  );

  app.post(
    '/api/cases/:caseId/bundles',
    {
      schema: {
        tags,
        summary:
          'Start making a signed bundle of the case for an audience (report.pdf unless "pdf": false); the list shows when it is done',
        params: caseParams,
        body: createBody,
        response: { 202: loose, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      if (!settings) throw new ConflictError('this server is not set up to keep bundles');
      const run = await startStoredBundle(ctx, request.actor, request.params.caseId, settings, request.body);
      return reply.status(202).send({ ...run });
    },
  );

  app.get(
    '/api/cases/:caseId/bundles',
    {
      schema: {
        tags,
        summary: 'The bundles of the case, newest first: done, being made (running) or failed',
        params: caseParams,
        response: { 200: z.object({ items: z.array(loose) }), ...ERROR_RESPONSES },
      },
    },
    async (request) => ({
      items: (await listStoredBundles(ctx, request.actor, request.params.caseId, settings)).map((b) => ({
        ...b,
      })),
    }),
  );

  app.get(
    '/api/cases/:caseId/bundles/:bundleId/zip',
    {
      schema: {
        tags,
        summary: 'One bundle as its zip (the folder, stored; unzipped it verifies offline)',
        params: bundleParams,
        response: { 200: z.any(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const zip = await openStoredBundleZip(
        ctx,
        request.actor,
        request.params.caseId,
        settings,
        request.params.bundleId,
      );
      reply.header('content-type', 'application/zip');
      reply.header('content-length', String(zip.size));
      reply.header('content-disposition', `attachment; filename="${zip.fileName}"`);
      return reply.send(zip.stream);
    },
  );
}

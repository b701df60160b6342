import { z } from 'zod';
import { text } from '../../domain/records/common.js';
import { sensitivitySchema } from '../../domain/sensitivity.js';
import type { ServiceContext } from '../../services/context.js';
import { decideReviewPair, linkRegistry, listReviewPairs } from '../../services/linkage.js';
import {
  importList,
  inspectList,
  listVictimLists,
  promoteRegistry,
  registryEntries,
} from '../../services/registry.js';
import { LINK_DECISIONS, RELIABILITIES } from '../../storage/index.js';
import { ERROR_RESPONSES, type TypedApp } from '../typed-app.js';

const loose = z.record(z.string(), z.unknown());
const params = z.object({ caseId: z.string().max(100) });
/** A list of up to 50 MB, sent as base64 so that its bytes (and a wrong encoding) arrive as they are. */
const MAX_LIST_BYTES = 50 * 1024 * 1024;
const file = {
  fileName: text(500).pipe(z.string().min(1, 'must not be empty')),
  format: z.enum(['csv', 'json', 'xlsx']),
  content: z
    .string()
    .max(Math.ceil(MAX_LIST_BYTES / 3) * 4, `at most ${MAX_LIST_BYTES / 2 ** 20} MB`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
};
const bytesOf = (content: string) => Buffer.from(content, 'base64');

export function registerRegistryRoutes(app: TypedApp, ctx: ServiceContext): void {
  const tags = ['registry'];
  const bodyLimit = Math.ceil(MAX_LIST_BYTES / 3) * 4 + 1024 * 1024;
  app.post(
    '/api/cases/:caseId/lists/inspect',
    {
      schema: {
        tags,
        summary: 'Read the columns and first rows of a list file before mapping its columns',
        params,
        body: z.object(file).strict(),
        response: { 200: loose, ...ERROR_RESPONSES },
      },
      bodyLimit,
    },
    async (request) => {
      await listVictimLists(ctx, request.actor, request.params.caseId);
      return inspectList(bytesOf(request.body.content), request.body.format, request.body.fileName);
    },
  );
  app.post(
    '/api/cases/:caseId/lists',
    {
      schema: {
        tags,
        summary: 'Import a victim list all or nothing (or check it with dryRun)',
        params,
        body: z
          .object({
            ...file,
            name: text(200).pipe(z.string().min(1, 'must not be empty')),
            origin: text(2000).nullable().optional(),
            published: text(100).nullable().optional(),
            reliability: z.enum(RELIABILITIES).default('unknown'),
            sensitivity: sensitivitySchema.default('internal'),
            idColumn: text(200).pipe(z.string().min(1, 'must not be empty')),
            mapping: z.record(z.string().max(200), z.string().max(50)),
            dryRun: z.boolean().default(false),
          })
          .strict(),
        response: { 200: loose, 201: loose, ...ERROR_RESPONSES },
      },
      bodyLimit,
    },
    async (request, reply) => {
      const { content, ...rest } = request.body;
      const result = await importList(ctx, request.actor, request.params.caseId, {
        ...rest,
        bytes: bytesOf(content),
      });
      return reply.status(request.body.dryRun ? 200 : 201).send({ ...result });
    },
  );
  app.get(
    '/api/cases/:caseId/lists',
    { schema: { tags, params, response: { 200: z.object({ items: z.array(loose) }), ...ERROR_RESPONSES } } },
    async (request) => ({ items: await listVictimLists(ctx, request.actor, request.params.caseId) }),
  );
  app.get(
    '/api/cases/:caseId/registry',
    {
      schema: {
        tags,
        summary: 'The registry as people: list rows grouped by the linkage',
        params,
        querystring: z
          .object({
            q: z.string().max(200).optional(),
            offset: z.coerce.number().int().min(0).default(0),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          })
          .strict(),
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async (request) => registryEntries(ctx, request.actor, request.params.caseId, request.query),
  );
  app.post(
    '/api/cases/:caseId/link',
    {
      schema: {
        tags,
        summary:
          'Link the registry: group the list rows that name the same person, and refresh the review queue',
        params,
        body: z
          .object({
            threshold: z.number().gt(0).lt(1).default(0.5),
            dryRun: z.boolean().default(false),
          })
          .strict(),
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const {
        clusterOf: _c,
        rowsById: _r,
        ...report
      } = await linkRegistry(ctx, request.actor, request.params.caseId, request.body);
      return report;
    },
  );
  app.get(
    '/api/cases/:caseId/link-pairs',
    {
      schema: {
        tags,
        summary: 'The review queue: pairs the linkage was unsure about, those a decision teaches most first',
        params,
        querystring: z
          .object({
            decision: z.enum(LINK_DECISIONS).default('pending'),
            offset: z.coerce.number().int().min(0).default(0),
            limit: z.coerce.number().int().min(1).max(100).default(20),
          })
          .strict(),
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async (request) => listReviewPairs(ctx, request.actor, request.params.caseId, request.query),
  );
  app.patch(
    '/api/cases/:caseId/link-pairs/:id',
    {
      schema: {
        tags,
        summary: 'Decide on a pair (match, non_match, skipped); pending undoes a decision',
        params: params.extend({ id: z.string().max(100) }),
        body: z.object({ decision: z.enum(LINK_DECISIONS), note: text(5000).nullable().optional() }).strict(),
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      decideReviewPair(ctx, request.actor, request.params.caseId, request.params.id, request.body),
  );
  app.post(
    '/api/cases/:caseId/registry/promote',
    {
      schema: {
        tags,
        summary:
          'Make every linked person a person of the case, each attribute a claim attributed to its list',
        params,
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async (request) => promoteRegistry(ctx, request.actor, request.params.caseId),
  );
}

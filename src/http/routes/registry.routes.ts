import { z } from 'zod';
import { text } from '../../domain/records/common.js';
import { sensitivitySchema } from '../../domain/sensitivity.js';
import type { ServiceContext } from '../../services/context.js';
import { LINK_RUN_STATES, LinkRuns, type LinkRun } from '../../services/link-runs.js';
import { decideReviewPair, listReviewPairs } from '../../services/link-review.js';
import { LINK_STAGES, linkSettingsSchema, planLink } from '../../services/linkage.js';
import { correctListCell, listImportReport } from '../../services/list-corrections.js';
import { DATE_ORDERS } from '../../registry/normalise.js';
import {
  importList,
  inspectList,
  listVictimLists,
  promoteRegistry,
  registryEntries,
} from '../../services/registry.js';
import { LINK_DECISIONS, RELIABILITIES } from '../../storage/index.js';
import { DomainError } from '../../domain/errors.js';
import { errorAnswer } from '../errors.js';
import { ERROR_RESPONSES, errorBodySchema, type TypedApp } from '../typed-app.js';

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
  /** A CSV or JSON file's encoding when it is not UTF-8 (e.g. windows-1256); never guessed. */
  encoding: text(40).optional(),
};
const bytesOf = (content: string) => Buffer.from(content, 'base64');

const linkBody = z
  .object({
    /** Overrides the settings' threshold (within and across lists); default: the settings' own (0.5 derived). */
    threshold: z.number().gt(0).lt(1).optional(),
    dryRun: z.boolean().default(false),
    /**
     * Settings to run with, as `GET …/link/plan` and every run's report give them (`dossier link --settings`
     * takes the same document); default: derived from the lists' fields. Saved in the run's report.
     */
    settings: linkSettingsSchema.optional(),
  })
  .strict();
const count = z.number().int().min(0);
const linkPlanSchema = z.object({
  rows: count,
  lists: count,
  rules: z.array(
    z.object({
      name: z.string(),
      pairs: count,
      blocks: count,
      skippedBlocks: count,
      skippedPairs: count,
    }),
  ),
  pairs: count,
  gazetteer: z.object({ places: count, names: count, values: count }).optional(),
  /** The settings a run would use (derived from the lists' fields), as `dossier link --settings` takes them. */
  settings: loose.optional(),
});
const linkRunSchema = z.object({
  id: z.string(),
  state: z.enum(LINK_RUN_STATES),
  stage: z.enum(LINK_STAGES),
  done: count,
  total: count,
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  report: loose.optional(),
  error: errorBodySchema.shape.error.extend({ status: z.number().int() }).optional(),
});

/** A run as the API shows it: its error as the HTTP answer it would have been. */
function presentRun(run: LinkRun): z.infer<typeof linkRunSchema> {
  const { caseId: _c, error, ...rest } = run;
  if (!error) return rest;
  const answer = errorAnswer(error);
  return { ...rest, error: { status: answer.status, ...answer.body.error } };
}

export function registerRegistryRoutes(app: TypedApp, ctx: ServiceContext): void {
  const tags = ['registry'];
  const runs = new LinkRuns(ctx, {
    onFailure: (error, run) => {
      if (!(error instanceof DomainError)) app.log.error({ err: error, run: run.id }, 'link run failed');
    },
  });
  // Closing the server waits for a running link run, so that the store is not closed under it.
  app.addHook('onClose', () => runs.idle());
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
    async (request) =>
      inspectList(ctx, request.actor, request.params.caseId, {
        bytes: bytesOf(request.body.content),
        format: request.body.format,
        fileName: request.body.fileName,
        encoding: request.body.encoding,
      }),
  );
  app.post(
    '/api/cases/:caseId/lists',
    {
      schema: {
        tags,
        summary: 'Import a victim list (or check it with dryRun); bad cells are flagged in its report',
        description:
          'Refused only when the file cannot be read as a list (bytes, id column, duplicate ids, mapping). ' +
          'A bad cell is kept as written, flagged, and listed in `report`; column inferences are reported.',
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
            mapping: z.record(z.string().max(200), z.string().max(80)),
            dateOrder: z.enum(DATE_ORDERS).optional(),
            eventYear: z.number().int().min(1800).max(2200).optional(),
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
    '/api/cases/:caseId/lists/:listId/report',
    {
      schema: {
        tags,
        summary:
          "A list's import report: what was inferred for its columns, and its flagged or corrected rows",
        params: params.extend({ listId: z.string().max(100) }),
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async (request) => ({
      ...(await listImportReport(ctx, request.actor, request.params.caseId, request.params.listId)),
    }),
  );
  app.post(
    '/api/cases/:caseId/list-records/:recordId/corrections',
    {
      schema: {
        tags,
        summary: "Correct a cell of a list row: the raw cell stays as read, the row's fields are read again",
        params: params.extend({ recordId: z.string().max(100) }),
        body: z
          .object({
            column: text(200).pipe(z.string().min(1, 'must not be empty')),
            value: text(2000),
            note: text(2000).nullable().optional(),
          })
          .strict(),
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async (request) => ({
      ...(await correctListCell(
        ctx,
        request.actor,
        request.params.caseId,
        request.params.recordId,
        request.body,
      )),
    }),
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
        description: 'Answers when the run is over; the web application starts a link run instead.',
        params,
        body: linkBody,
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async (request) => ({ ...(await runs.run(request.actor, request.params.caseId, request.body)) }),
  );
  app.get(
    '/api/cases/:caseId/link/plan',
    {
      schema: {
        tags,
        summary: 'What linking would do: rows, lists and pairs per blocking rule (and blocks skipped)',
        description: 'Counted from the block sizes; nothing is compared or written.',
        params,
        response: { 200: linkPlanSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { settings, ...plan } = await planLink(ctx, request.actor, request.params.caseId);
      return { ...plan, settings: settings as unknown as Record<string, unknown> };
    },
  );
  app.post(
    '/api/cases/:caseId/link-runs',
    {
      schema: {
        tags,
        summary: 'Start linking the registry in the background; poll the run for its progress and report',
        description:
          'One run per case at a time (409 names the running one). Runs are kept in memory for an hour ' +
          'after they finish and do not survive a restart of the server.',
        params,
        body: linkBody,
        response: { 202: linkRunSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(presentRun(await runs.start(request.actor, request.params.caseId, request.body))),
  );
  app.get(
    '/api/cases/:caseId/link-runs/:runId',
    {
      schema: {
        tags,
        summary: 'A link run: its state, stage and progress, and its report once done',
        params: params.extend({ runId: z.string().max(100) }),
        response: { 200: linkRunSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => presentRun(await runs.get(request.actor, request.params.caseId, request.params.runId)),
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

import { z } from 'zod';
import {
  submissionInputSchema,
  submissionReviewSchema,
  SUBMISSION_STATUSES,
} from '../../domain/records/submission.js';
import type { ServiceContext } from '../../services/context.js';
import type { MemorialSearchThreads } from '../../services/memorial-search-threads.js';
import {
  getMemorialPerson,
  listSubmissions,
  reviewSubmission,
  memorialCardsJson,
  submitToMemorial,
} from '../../services/memorial.js';
import { ERROR_RESPONSES, type TypedApp } from '../typed-app.js';

const loose = z.record(z.string(), z.unknown());

/** The family search's query (the API's and the server-written search page's). */
export const memorialSearchQuery = z
  .object({
    q: z.string().max(200).default(''),
    fatherName: z.string().trim().max(200).optional(),
    birthYear: z.coerce
      .number()
      .int()
      .refine((y) => (y >= 1250 && y <= 1450) || (y >= 1850 && y <= 2100), {
        message: 'a year of birth: Solar Hijri 1250–1450 or Gregorian 1850–2100',
      })
      .optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();

/** The public memorial (no login) and the review of what relatives send through it. */
export function registerPublicRoutes(
  app: TypedApp,
  ctx: ServiceContext,
  searchThreads: MemorialSearchThreads | null = null,
): void {
  const tags = ['memorial'];
  app.get(
    '/api/public/search',
    {
      schema: {
        tags,
        summary:
          'Find a victim by name, in Persian script or any common romanization, optionally narrowed by father’s name and birth year (public victims of public cases only)',
        security: [],
        querystring: memorialSearchQuery,
        response: { 200: z.object({ items: z.array(loose) }), ...ERROR_RESPONSES },
      },
      config: { anonymousLimit: 'search' },
    },
    // The cards are stored as JSON and sent as they are (Fastify sends a string without serializing it),
    // not parsed and serialized again; the type says what the text holds.
    async (request, reply) => {
      const cards = await memorialCardsJson(ctx, request.query, searchThreads);
      const body = `{"items":[${cards.join(',')}]}` as unknown as { items: Array<Record<string, unknown>> };
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );

  app.get(
    '/api/public/people/:id',
    {
      schema: {
        tags,
        summary: 'One person of the memorial',
        security: [],
        params: z.object({ id: z.string().max(100) }),
        response: { 200: loose, ...ERROR_RESPONSES },
      },
      config: { anonymousLimit: 'search' },
    },
    async (request) => getMemorialPerson(ctx, request.params.id),
  );

  app.post(
    '/api/public/submissions',
    {
      schema: {
        tags,
        summary:
          'Send a correction or new information; stored as pending and protected, without any address or browser data',
        security: [],
        body: submissionInputSchema,
        response: { 201: z.object({ id: z.string(), status: z.string() }), ...ERROR_RESPONSES },
      },
      // Counted before the body is checked: a flood of malformed submissions is a flood all the same.
      config: { anonymousLimit: 'submission' },
    },
    async (request, reply) => reply.status(201).send(await submitToMemorial(ctx, request.body)),
  );

  app.get(
    '/api/cases/:caseId/submissions',
    {
      schema: {
        tags,
        summary: 'Submissions sent through the memorial (needs the protected grant)',
        params: z.object({ caseId: z.string().max(100) }),
        querystring: z.object({ status: z.enum(SUBMISSION_STATUSES).optional() }).strict(),
        response: { 200: z.object({ items: z.array(loose) }), ...ERROR_RESPONSES },
      },
    },
    async (request) => ({
      items: await listSubmissions(ctx, request.actor, request.params.caseId, request.query.status),
    }),
  );

  app.patch(
    '/api/cases/:caseId/submissions/:id',
    {
      schema: {
        tags,
        summary: 'Mark a submission reviewed or dismissed',
        params: z.object({ caseId: z.string().max(100), id: z.string().max(100) }),
        body: submissionReviewSchema,
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      reviewSubmission(ctx, request.actor, request.params.caseId, request.params.id, request.body),
  );
}

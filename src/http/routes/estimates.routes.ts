import { z } from 'zod';
import { text } from '../../domain/records/common.js';
import { sensitivitySchema } from '../../domain/sensitivity.js';
import type { ServiceContext } from '../../services/context.js';
import { getEstimateRun, listEstimateRuns, runEstimate } from '../../services/estimates.js';
import { ERROR_RESPONSES, type TypedApp } from '../typed-app.js';

const loose = z.record(z.string(), z.unknown());
const params = z.object({ caseId: z.string().max(100) });

export function registerEstimateRoutes(app: TypedApp, ctx: ServiceContext): void {
  const tags = ['estimates'];
  app.post(
    '/api/cases/:caseId/estimates',
    {
      schema: {
        tags,
        summary: 'Estimate how many people no list recorded (multiple systems estimation) and record the run',
        params,
        body: z
          .object({
            title: text(300).pipe(z.string().min(1, 'must not be empty')),
            csv: z
              .string()
              .min(1)
              .max(2_000_000)
              .optional()
              .describe('a capture-pattern CSV; leave out to use the linked victim registry'),
            lists: z.array(z.string().max(200)).min(3).max(15).optional(),
            method: z.enum(['loglinear', 'lcmcr']).default('loglinear'),
            sampler: z
              .object({
                seed: z
                  .number()
                  .int()
                  .min(0)
                  .max(2 ** 31),
                chains: z.number().int().min(1).max(4),
                burnIn: z.number().int().min(0).max(100_000),
                samples: z.number().int().min(10).max(5_000),
                thinning: z.number().int().min(1).max(200),
                K: z.number().int().min(1).max(30),
              })
              .partial()
              .strict()
              .optional()
              .describe('settings of the latent-class sampler (method lcmcr)'),
            strata: z.string().max(100).optional(),
            maxOrder: z
              .union([z.literal(2), z.literal(3)])
              .optional()
              .describe('log-linear: highest interaction order searched (default 3 for four or five lists)'),
            linkage: z
              .object({
                draws: z.number().int().min(1).max(500),
                seed: z
                  .number()
                  .int()
                  .min(0)
                  .max(2 ** 31),
              })
              .partial()
              .strict()
              .optional()
              .describe(
                'from the registry: clusterings drawn from the uncertain pairs (default 50, random seed)',
              ),
            sensitivity: sensitivitySchema.default('internal'),
          })
          .strict(),
        response: { 201: loose, ...ERROR_RESPONSES },
      },
      bodyLimit: 4 * 1024 * 1024,
    },
    async (request, reply) =>
      reply.status(201).send(await runEstimate(ctx, request.actor, request.params.caseId, request.body)),
  );
  app.get(
    '/api/cases/:caseId/estimates',
    { schema: { tags, params, response: { 200: z.object({ items: z.array(loose) }), ...ERROR_RESPONSES } } },
    async (request) => ({
      items: await listEstimateRuns(ctx, request.actor, request.params.caseId),
    }),
  );
  app.get(
    '/api/cases/:caseId/estimates/:id',
    {
      schema: {
        tags,
        params: params.extend({ id: z.string().max(100) }),
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async (request) => getEstimateRun(ctx, request.actor, request.params.caseId, request.params.id),
  );
}

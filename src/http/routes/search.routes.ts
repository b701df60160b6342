import { z } from 'zod';
import { sensitivitySchema } from '../../domain/sensitivity.js';
import type { ServiceContext } from '../../services/context.js';
import { searchCases } from '../../services/search.js';
import { ERROR_RESPONSES, type TypedApp } from '../typed-app.js';

const KINDS = ['source', 'document', 'excerpt', 'person', 'organization', 'place', 'event'] as const;
const dateParam = z.string().max(200);
const commaList = z
  .string()
  .max(500)
  .transform((text) =>
    text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

export function registerSearchRoutes(app: TypedApp, ctx: ServiceContext): void {
  app.get(
    '/api/search',
    {
      schema: {
        tags: ['search'],
        summary:
          'Search sources, document text, excerpts and names across the cases the user may read (Persian or Latin script)',
        querystring: z
          .object({
            q: z.string().max(1000, 'at most 1,000 characters'),
            caseId: z.string().uuid().optional(),
            kinds: commaList.pipe(z.array(z.enum(KINDS))).optional(),
            language: z.string().max(35).optional(),
            from: dateParam.optional(),
            to: dateParam.optional(),
            sensitivity: commaList.pipe(z.array(sensitivitySchema)).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(20),
            offset: z.coerce.number().int().min(0).max(10_000).default(0),
          })
          .strict(),
        response: { 200: z.record(z.string(), z.unknown()), ...ERROR_RESPONSES },
      },
      config: { anonymousLimit: 'search' },
    },
    async (request) => {
      const { q, caseId, kinds, language, from, to, sensitivity, limit, offset } = request.query;
      return {
        ...(await searchCases(ctx, request.actor, {
          q,
          ...(caseId ? { caseId } : {}),
          ...(kinds?.length ? { kinds } : {}),
          ...(language ? { language } : {}),
          ...(from ? { dateFrom: from } : {}),
          ...(to ? { dateTo: to } : {}),
          ...(sensitivity?.length ? { sensitivity } : {}),
          limit,
          offset,
        })),
      };
    },
  );
}

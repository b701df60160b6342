import { z } from 'zod';
import { claimPreferenceSchema } from '../../domain/records/claim.js';
import { sensitivitySchema } from '../../domain/sensitivity.js';
import { markPreferred } from '../../services/claims.js';
import type { ServiceContext } from '../../services/context.js';
import { createRecord, deleteRecord, getRecord, listRecords, updateRecord } from '../../services/records.js';
import { RESOURCE_SPECS, type ResourceSpec } from '../../storage/index.js';
import { ERROR_RESPONSES, type TypedApp } from '../typed-app.js';

const caseParams = z.object({ caseId: z.string().max(100) });
const recordParams = caseParams.extend({ id: z.string().max(100) });

function listQuerySchema(spec: ResourceSpec) {
  const filters = Object.fromEntries(
    Object.entries(spec.filters).map(([name, f]) => [name, f.schema.optional()]),
  );
  return z
    .object({
      limit: z.coerce.number().int().min(1).max(500).default(50),
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
      sensitivity: sensitivitySchema.optional(),
      ...(spec.searchColumn ? { q: z.string().min(1).max(200).optional() } : {}),
      ...filters,
    })
    .strict();
}

/** The same five routes for every record resource, generated from its spec. */
export function registerRecordRoutes(app: TypedApp, ctx: ServiceContext): void {
  for (const spec of RESOURCE_SPECS) {
    const base = `/api/cases/:caseId/${spec.plural}`;
    const tags = [spec.plural];
    const record = spec.recordSchema;
    const page = z.object({
      items: z.array(record),
      total: z.number(),
      limit: z.number(),
      offset: z.number(),
    });
    const query = listQuerySchema(spec);

    app.get(
      base,
      {
        schema: {
          tags,
          summary: `List ${spec.plural} you may read`,
          params: caseParams,
          querystring: query,
          response: { 200: page, ...ERROR_RESPONSES },
        },
      },
      async (request) => {
        const { limit, offset, sensitivity, q, ...filters } = request.query as Record<string, unknown> & {
          limit: number;
          offset: number;
        };
        return listRecords(ctx, request.actor, spec, request.params.caseId, {
          limit,
          offset,
          ...(typeof q === 'string' ? { q } : {}),
          ...(sensitivity ? { sensitivity: sensitivity as z.infer<typeof sensitivitySchema> } : {}),
          filters: Object.fromEntries(
            Object.entries(filters).filter(([, v]) => typeof v === 'string'),
          ) as Record<string, string>,
        });
      },
    );

    app.post(
      base,
      {
        schema: {
          tags,
          summary: `Create a ${spec.type}`,
          params: caseParams,
          body: spec.createSchema,
          response: { 201: record, ...ERROR_RESPONSES },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await createRecord(
              ctx,
              request.actor,
              spec,
              request.params.caseId,
              request.body as Record<string, unknown>,
            ),
          ),
    );

    app.get(
      `${base}/:id`,
      {
        schema: {
          tags,
          summary: `One ${spec.type}`,
          params: recordParams,
          response: { 200: record, ...ERROR_RESPONSES },
        },
      },
      async (request) => getRecord(ctx, request.actor, spec, request.params.caseId, request.params.id),
    );

    app.patch(
      `${base}/:id`,
      {
        schema: {
          tags,
          summary: `Change a ${spec.type}`,
          params: recordParams,
          body: spec.updateSchema,
          response: { 200: record, ...ERROR_RESPONSES },
        },
      },
      async (request) =>
        updateRecord(
          ctx,
          request.actor,
          spec,
          request.params.caseId,
          request.params.id,
          request.body as Record<string, unknown>,
        ),
    );

    app.delete(
      `${base}/:id`,
      {
        schema: {
          tags,
          summary: `Delete a ${spec.type}`,
          params: recordParams,
          response: { 204: z.null(), ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        await deleteRecord(ctx, request.actor, spec, request.params.caseId, request.params.id);
        return reply.status(204).send(null);
      },
    );
  }

  app.post(
    '/api/cases/:caseId/claims/:id/preference',
    {
      schema: {
        tags: ['claims'],
        summary: 'Mark or unmark a claim as the preferred value of its property, with a written reason',
        params: recordParams,
        body: claimPreferenceSchema,
        response: { 200: z.record(z.string(), z.unknown()), ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      markPreferred(
        ctx,
        request.actor,
        request.params.caseId,
        request.params.id,
        request.body.preferred,
        request.body.reason,
      ),
  );
}

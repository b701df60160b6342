import { z } from 'zod';
import { caseInputSchema, caseRecordSchema, caseUpdateSchema } from '../../domain/records/case.js';
import {
  membershipInputSchema,
  membershipRecordSchema,
  membershipUpdateSchema,
} from '../../domain/records/membership.js';
import {
  addMember,
  caseAbilities,
  createCase,
  listCases,
  listMembers,
  loadCase,
  removeMember,
  updateCase,
  updateMember,
} from '../../services/cases.js';
import type { ServiceContext } from '../../services/context.js';
import { ERROR_RESPONSES, type TypedApp } from '../typed-app.js';

const caseParams = z.object({ caseId: z.string().max(100) });
const memberParams = caseParams.extend({ memberId: z.string().max(100) });
const flags = z.record(z.string(), z.boolean());
const abilitiesSchema = z.object({
  case: flags,
  records: z.record(z.string(), flags),
  labels: z.array(z.string()),
});

export function registerCaseRoutes(app: TypedApp, ctx: ServiceContext): void {
  const tags = ['cases'];
  app.get(
    '/api/cases',
    {
      schema: {
        tags,
        summary: 'Cases you may open',
        response: { 200: z.object({ items: z.array(caseRecordSchema) }) },
      },
    },
    async (request) => ({
      items: await listCases(ctx, request.actor),
    }),
  );

  app.post(
    '/api/cases',
    {
      schema: {
        tags,
        summary: 'Create a case (administrators); you become its owner',
        body: caseInputSchema,
        response: { 201: caseRecordSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => reply.status(201).send(await createCase(ctx, request.actor, request.body)),
  );

  app.get(
    '/api/cases/:caseId',
    { schema: { tags, params: caseParams, response: { 200: caseRecordSchema, ...ERROR_RESPONSES } } },
    async (request) => loadCase(ctx, request.actor, request.params.caseId),
  );

  app.patch(
    '/api/cases/:caseId',
    {
      schema: {
        tags,
        params: caseParams,
        body: caseUpdateSchema,
        response: { 200: caseRecordSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => updateCase(ctx, request.actor, request.params.caseId, request.body),
  );

  app.get(
    '/api/cases/:caseId/abilities',
    {
      schema: {
        tags,
        summary: 'What you may do in this case, per resource; the UI shows only these actions',
        params: caseParams,
        response: { 200: abilitiesSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => caseAbilities(ctx, request.actor, request.params.caseId),
  );

  const memberTags = ['members'];
  app.get(
    '/api/cases/:caseId/members',
    {
      schema: {
        tags: memberTags,
        params: caseParams,
        response: { 200: z.object({ items: z.array(membershipRecordSchema) }), ...ERROR_RESPONSES },
      },
    },
    async (request) => ({ items: await listMembers(ctx, request.actor, request.params.caseId) }),
  );

  app.post(
    '/api/cases/:caseId/members',
    {
      schema: {
        tags: memberTags,
        params: caseParams,
        body: membershipInputSchema,
        response: { 201: membershipRecordSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addMember(ctx, request.actor, request.params.caseId, request.body)),
  );

  app.patch(
    '/api/cases/:caseId/members/:memberId',
    {
      schema: {
        tags: memberTags,
        params: memberParams,
        body: membershipUpdateSchema,
        response: { 200: membershipRecordSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      updateMember(ctx, request.actor, request.params.caseId, request.params.memberId, request.body),
  );

  app.delete(
    '/api/cases/:caseId/members/:memberId',
    { schema: { tags: memberTags, params: memberParams, response: { 204: z.null(), ...ERROR_RESPONSES } } },
    async (request, reply) => {
      await removeMember(ctx, request.actor, request.params.caseId, request.params.memberId);
      return reply.status(204).send(null);
    },
  );
}

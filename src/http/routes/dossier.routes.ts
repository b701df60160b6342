import { z } from 'zod';
import { CRIMES, GROUP_TITLES } from '../../domain/legal/index.js';
import { findingReviewSchema, STANDARDS_OF_PROOF } from '../../domain/records/finding.js';
import type { ServiceContext } from '../../services/context.js';
import { findingCorroboration, reviewFinding } from '../../services/findings.js';
import { legalGaps, legalMatrix } from '../../services/legal.js';
import { suspectSummary } from '../../services/suspects.js';
import { ERROR_RESPONSES, type TypedApp } from '../typed-app.js';

const loose = z.record(z.string(), z.unknown());
const caseParams = z.object({ caseId: z.string().max(100) });
const recordParams = caseParams.extend({ id: z.string().max(100) });
const matrixQuery = z
  .object({
    suspect: z.string().uuid().optional(),
    crime: z
      .string()
      .max(100)
      .regex(/^[a-z][a-z0-9_.]*$/)
      .optional(),
    threshold: z.enum(STANDARDS_OF_PROOF).default('balance_of_probabilities'),
  })
  .strict();

function matrixOptions(q: z.infer<typeof matrixQuery>) {
  return {
    threshold: q.threshold,
    ...(q.suspect ? { suspectId: q.suspect } : {}),
    ...(q.crime ? { crime: q.crime } : {}),
  };
}

/** Findings' review and corroboration, the legal elements, the matrix and its gaps, and suspects' summaries. */
export function registerDossierRoutes(app: TypedApp, ctx: ServiceContext): void {
  app.post(
    '/api/cases/:caseId/findings/:id/review',
    {
      schema: {
        tags: ['findings'],
        summary:
          'Submit a finding for review, or approve (adopt) or return it: approval only by a case member other than its author, and only with supporting evidence',
        params: recordParams,
        body: findingReviewSchema,
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      reviewFinding(ctx, request.actor, request.params.caseId, request.params.id, request.body),
  );

  app.get(
    '/api/cases/:caseId/findings/:id/corroboration',
    {
      schema: {
        tags: ['findings'],
        summary: 'The independent origins behind a finding’s supporting and contradicting evidence',
        params: recordParams,
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async (request) => ({
      ...(await findingCorroboration(ctx, request.actor, request.params.caseId, request.params.id)),
    }),
  );

  app.get(
    '/api/legal/elements',
    {
      schema: {
        tags: ['legal'],
        summary: 'The elements catalogue: crimes against humanity, genocide, modes of liability (en and fa)',
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async () => ({ groups: GROUP_TITLES, crimes: CRIMES }),
  );

  app.get(
    '/api/cases/:caseId/legal/matrix',
    {
      schema: {
        tags: ['legal'],
        summary: 'Crime × element × the findings that address it and the strength they reach',
        params: caseParams,
        querystring: matrixQuery,
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async (request) => ({
      ...(await legalMatrix(ctx, request.actor, request.params.caseId, matrixOptions(request.query))),
    }),
  );

  app.get(
    '/api/cases/:caseId/legal/gaps',
    {
      schema: {
        tags: ['legal'],
        summary: 'Elements with no, only draft or only weak findings, per suspect and per crime',
        params: caseParams,
        querystring: matrixQuery,
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async (request) => ({
      ...(await legalGaps(ctx, request.actor, request.params.caseId, matrixOptions(request.query))),
    }),
  );

  app.get(
    '/api/cases/:caseId/people/:id/suspect-summary',
    {
      schema: {
        tags: ['people'],
        summary: 'A suspect: involvements with degree, positions then and now, findings, liability, gaps',
        params: recordParams,
        response: { 200: loose, ...ERROR_RESPONSES },
      },
    },
    async (request) => ({
      ...(await suspectSummary(ctx, request.actor, request.params.caseId, request.params.id)),
    }),
  );
}

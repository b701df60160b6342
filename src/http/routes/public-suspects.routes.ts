import { z } from 'zod';
import {
  caseSettingsUpdateSchema,
  getCaseSettings,
  updateCaseSettings,
} from '../../services/case-settings.js';
import type { ServiceContext } from '../../services/context.js';
import { getPublicSuspect, listPublicSuspects } from '../../services/public-suspects.js';
import { ERROR_RESPONSES, type TypedApp } from '../typed-app.js';

const loose = z.record(z.string(), z.unknown());
const caseParams = z.object({ caseId: z.string().max(100) });
const settingsResponse = z.object({ publishSuspects: z.boolean() });

/**
 * A case's settings, and the public pages of the people alleged responsible (for cases that publish them): a
 * list and pages of their own, apart from the memorial of victims.
 */
export function registerPublicSuspectRoutes(app: TypedApp, ctx: ServiceContext): void {
  app.get(
    '/api/cases/:caseId/settings',
    {
      schema: {
        tags: ['cases'],
        summary:
          'The case’s settings (whether it publishes pages of the people it names as alleged perpetrators)',
        params: caseParams,
        response: { 200: settingsResponse, ...ERROR_RESPONSES },
      },
    },
    async (request) => getCaseSettings(ctx, request.actor, request.params.caseId),
  );

  app.patch(
    '/api/cases/:caseId/settings',
    {
      schema: {
        tags: ['cases'],
        summary: 'Change the case’s settings (its owners)',
        params: caseParams,
        body: caseSettingsUpdateSchema,
        response: { 200: settingsResponse, ...ERROR_RESPONSES },
      },
    },
    async (request) => updateCaseSettings(ctx, request.actor, request.params.caseId, request.body),
  );

  const tags = ['alleged'];
  app.get(
    '/api/public/suspects',
    {
      schema: {
        tags,
        summary:
          'People alleged responsible, named as perpetrators by public cases that publish them (never memorial entries)',
        security: [],
        response: { 200: z.object({ items: z.array(loose) }), ...ERROR_RESPONSES },
      },
      config: { anonymousLimit: 'search' },
    },
    async () => ({ items: (await listPublicSuspects(ctx)).map((p) => ({ ...p })) }),
  );

  app.get(
    '/api/public/suspects/:id',
    {
      schema: {
        tags,
        summary: 'One person alleged responsible: the public allegations about them, each with its sources',
        security: [],
        params: z.object({ id: z.string().max(100) }),
        response: { 200: loose, ...ERROR_RESPONSES },
      },
      config: { anonymousLimit: 'search' },
    },
    async (request) => ({ ...(await getPublicSuspect(ctx, request.params.id)) }),
  );
}

import { ValidationError } from '../../domain/errors.js';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { sensitivitySchema } from '../../domain/sensitivity.js';
import { SOURCE_KINDS } from '../../domain/records/source.js';
import type { ServiceContext } from '../../services/context.js';
import { collectionSchema, IngestSession } from '../../services/evidence.js';
import { fileDetail, listFiles, openFile, readDocument, withdrawFile } from '../../services/files.js';
import { decideMention, mentionDecisionSchema } from '../../services/mentions.js';
import { ERROR_RESPONSES, type TypedApp } from '../typed-app.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

const loose = z.record(z.string(), z.unknown());
const caseParams = z.object({ caseId: z.string().max(100) });
const fileParams = caseParams.extend({ fileId: z.string().max(100) });
const errors = { ...ERROR_RESPONSES, 413: ERROR_RESPONSES[400] };

/** A collection record sent with an upload as JSON in the `collection` query parameter. */
const collectionParam = z
  .string()
  .max(5000)
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'must be a JSON object' });
      return z.NEVER;
    }
  })
  .pipe(collectionSchema);

export function registerEvidenceRoutes(app: TypedApp, ctx: ServiceContext): void {
  const tags = ['evidence'];

  // Uploads stream straight into the blob store: the body is never buffered, whatever its size. Only
  // `application/octet-stream` is accepted, which a cross-site form cannot send.
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
    scope.post(
      '/api/cases/:caseId/files',
      {
        schema: {
          tags,
          summary:
            'Add a file (raw bytes, application/octet-stream): stored by SHA-256, text extracted, indexed, names spotted',
          params: caseParams,
          querystring: z
            .object({
              name: z.string().min(1, 'a file name is required').max(1000),
              sensitivity: sensitivitySchema.default('internal'),
              sourceId: z.string().uuid().optional(),
              title: z.string().max(1000).optional(),
              kind: z.enum(SOURCE_KINDS).optional(),
              collection: collectionParam.optional(),
            })
            .strict(),
          response: { 201: loose, 200: loose, ...errors },
        },
      },
      async (request, reply) => {
        const session = await IngestSession.open(ctx, request.actor, request.params.caseId);
        if (request.body === undefined || request.body === null)
          throw new ValidationError([
            {
              field: 'file',
              message: "no file: send the file's bytes as the body (application/octet-stream)",
            },
          ]);
        const query = request.query;
        const result = await session.ingest({
          content: request.body as IncomingMessage,
          fileName: query.name,
          sensitivity: query.sensitivity,
          ...(query.sourceId ? { sourceId: query.sourceId } : {}),
          ...(query.title ? { title: query.title } : {}),
          ...(query.kind ? { kind: query.kind } : {}),
          ...(query.collection ? { collection: query.collection } : {}),
        });
        return reply.status(result.duplicate ? 200 : 201).send({ ...result });
      },
    );
  });

  app.get(
    '/api/cases/:caseId/files',
    {
      schema: {
        tags,
        summary: 'Original files of the case (withdrawn ones only on request)',
        params: caseParams,
        querystring: z
          .object({
            sourceId: z.string().uuid().optional(),
            includeWithdrawn: z.enum(['true', 'false']).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          })
          .strict(),
        response: { 200: loose, ...errors },
      },
    },
    async (request) => {
      const { sourceId, includeWithdrawn, limit, offset } = request.query;
      return listFiles(ctx, request.actor, request.params.caseId, {
        ...(sourceId ? { sourceId } : {}),
        includeWithdrawn: includeWithdrawn === 'true',
        limit,
        offset,
      });
    },
  );

  app.get(
    '/api/cases/:caseId/files/:fileId',
    {
      schema: {
        tags,
        summary: 'A file, the files derived from it and its custody log',
        params: fileParams,
        response: { 200: loose, ...errors },
      },
    },
    async (request) => ({
      ...(await fileDetail(ctx, request.actor, request.params.caseId, request.params.fileId)),
    }),
  );

  app.get(
    '/api/cases/:caseId/files/:fileId/content',
    {
      schema: {
        tags,
        summary: 'The stored bytes, after re-checking their hash (a mismatch quarantines the file: 409)',
        params: fileParams,
        response: { 200: z.any(), ...errors },
      },
    },
    async (request, reply) => {
      const { file, stream } = await openFile(
        ctx,
        request.actor,
        request.params.caseId,
        request.params.fileId,
        'downloaded',
      );
      // Served as an attachment in a sandbox: evidence may be hostile HTML or script.
      reply.header(
        'content-type',
        file.mediaType.startsWith('text/') ? file.mediaType : 'application/octet-stream',
      );
      reply.header(
        'content-disposition',
        `attachment; filename="${file.sha256}"; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
      );
      reply.header('content-security-policy', "sandbox; default-src 'none'");
      reply.header('x-sha256', file.sha256);
      return reply.send(stream);
    },
  );

  app.get(
    '/api/cases/:caseId/files/:fileId/document',
    {
      schema: {
        tags,
        summary: 'The extracted text of a file with the mentions spotted in it',
        params: fileParams,
        response: { 200: loose, ...errors },
      },
    },
    async (request) => ({
      ...(await readDocument(ctx, request.actor, request.params.caseId, request.params.fileId)),
    }),
  );

  app.post(
    '/api/cases/:caseId/files/:fileId/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw a file: hidden from lists and exports, its bytes and history kept (audited)',
        params: fileParams,
        body: z.object({ reason: z.string().min(1, 'a reason is required').max(5000) }).strict(),
        response: { 200: loose, ...errors },
      },
    },
    async (request) => ({
      ...(await withdrawFile(
        ctx,
        request.actor,
        request.params.caseId,
        request.params.fileId,
        request.body.reason,
      )),
    }),
  );

  app.patch(
    '/api/cases/:caseId/mentions/:mentionId',
    {
      schema: {
        tags,
        summary:
          'Accept a spotted mention (creates an excerpt and a claim), reject it, or set it back to suggested',
        params: caseParams.extend({ mentionId: z.string().max(100) }),
        body: mentionDecisionSchema,
        response: { 200: loose, ...errors },
      },
    },
    async (request) => ({
      ...(await decideMention(
        ctx,
        request.actor,
        request.params.caseId,
        request.params.mentionId,
        request.body,
      )),
    }),
  );
}

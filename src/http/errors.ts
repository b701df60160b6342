import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  IntegrityError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnauthenticatedError,
  ValidationError,
  type FieldProblem,
} from '../domain/errors.js';

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldProblem[] };
}

const STATUS: Array<[new (...args: never[]) => DomainError, number]> = [
  [ValidationError, 400],
  [UnauthenticatedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [IntegrityError, 409],
  [PayloadTooLargeError, 413],
  [TooManyRequestsError, 429],
];

/** The one place where errors become HTTP answers. Anything unexpected is logged and answered 500 without details. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    const fields = error.validation.flatMap((v): FieldProblem[] => {
      const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const keys = (v.params as { keys?: unknown }).keys;
      if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
        return keys.map((k) => ({ field: joinPath(where, path, String(k)), message: 'unknown field' }));
      }
      return [{ field: joinPath(where, path), message: v.message ?? 'invalid' }];
    });
    reply.status(400).send(body('validation_failed', `invalid ${where}`, fields));
    return;
  }
  if (error instanceof DomainError) {
    if (error instanceof TooManyRequestsError) reply.header('retry-after', String(error.retryAfterSeconds));
    const answer = errorAnswer(error);
    reply.status(answer.status).send(answer.body);
    return;
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's own 4xx: malformed JSON, body too large, unsupported media type.
    const field = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'content-type' : 'body';
    reply
      .status(status)
      .send(
        body(error.code?.toLowerCase() ?? 'bad_request', error.message, [{ field, message: error.message }]),
      );
    return;
  }
  request.log.error({ err: error }, 'unexpected error');
  const answer = errorAnswer(error);
  reply.status(answer.status).send(answer.body);
}

/**
 * What an error becomes over HTTP: a domain error its status, code, message and fields; anything else a 500
 * without details (log it). Also used for the error of a background run, which no request answers.
 */
export function errorAnswer(error: unknown): { status: number; body: ErrorBody } {
  if (!(error instanceof DomainError))
    return { status: 500, body: body('internal_error', 'internal error; the operation was not carried out') };
  const status = STATUS.find(([type]) => error instanceof type)?.[1] ?? 400;
  const fields =
    error instanceof ValidationError ||
    error instanceof ConflictError ||
    error instanceof PayloadTooLargeError ||
    error instanceof UnauthenticatedError
      ? error.problems
      : undefined;
  return { status, body: body(error.code, error.message, fields) };
}

function joinPath(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('.');
}

function body(code: string, message: string, fields?: FieldProblem[]): ErrorBody {
  return { error: { code, message, ...(fields && fields.length ? { fields } : {}) } };
}

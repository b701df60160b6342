import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  IntegrityError,
  InterruptedError,
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
  [InterruptedError, 503],
];

/** The one place where errors become HTTP answers. Anything unexpected is logged and answered 500 without details. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    const fields = error.validation.flatMap((v): FieldProblem[] => {
      const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const keys = (v.params as { keys?: unknown }).keys;
      if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
        return keys.map((k) => ({
          field: joinPath(where, path, String(k)),
          message: 'unknown field',
          code: 'unknown_field',
        }));
      }
      return [
        {
          field: joinPath(where, path),
          message: v.message ?? 'invalid',
          ...issueCode(v.keyword, v.message ?? '', v.params as Record<string, unknown>),
        },
      ];
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
    const code = FASTIFY_CODES[error.code ?? ''] ?? 'bad_request';
    reply.status(status).send(body(code, error.message, [{ field, message: error.message, code }]));
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
      ? error.problems.map((p) => ({ ...p, code: p.code ?? 'invalid' }))
      : undefined;
  return { status, body: body(error.code, error.message, fields) };
}

/** Fastify's own refusals, under stable codes of ours (theirs name their internals). */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_body',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_body',
};

/**
 * A schema issue as a stable code and the parameters a reader needs: `required`, `too_long` `{ maximum }`,
 * `invalid_choice` `{ values }`, or the code a refinement names in its params (`invalid_date` `{ text }`).
 */
export function issueCode(
  keyword: string,
  message: string,
  params: Record<string, unknown> = {},
): { code: string; params?: Record<string, string | number> } {
  const origin = String(params.origin ?? '');
  const sized = origin === 'string' || origin === 'array' || origin === 'set';
  switch (keyword) {
    case 'invalid_type':
      // Zod does not keep the input; its message says when there was none.
      return /received undefined/.test(message)
        ? { code: 'required' }
        : { code: 'invalid_type', params: { expected: String(params.expected ?? '') } };
    case 'too_small': {
      const minimum = Number(params.minimum);
      if (sized && minimum === 1) return { code: 'required' };
      const code = origin === 'string' ? 'too_short' : sized ? 'too_few' : 'too_small';
      return { code, params: { minimum } };
    }
    case 'too_big':
      return {
        code: origin === 'string' ? 'too_long' : sized ? 'too_many' : 'too_big',
        params: { maximum: Number(params.maximum) },
      };
    case 'invalid_format':
      return { code: 'invalid_format', params: { format: String(params.format ?? '') } };
    case 'invalid_value':
    case 'invalid_union':
      return {
        code: 'invalid_choice',
        ...(Array.isArray(params.values) ? { params: { values: params.values.map(String).join(', ') } } : {}),
      };
    case 'custom': {
      const named = params.params as Record<string, unknown> | undefined;
      if (named && typeof named.code === 'string') {
        const { code, ...rest } = named;
        return {
          code,
          params: Object.fromEntries(
            Object.entries(rest).map(([k, v]) => [k, typeof v === 'number' ? v : String(v)]),
          ),
        };
      }
      return { code: 'invalid' };
    }
    default:
      return { code: 'invalid' };
  }
}

function joinPath(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('.');
}

function body(code: string, message: string, fields?: FieldProblem[]): ErrorBody {
  return { error: { code, message, ...(fields && fields.length ? { fields } : {}) } };
}

/**
 * A problem with one input field, named by its path (`names.0.text`). `code` says what is wrong in a stable word
 * (`required`, `too_long`, `invalid_date`) and `params` what a reader needs to fix it (`{ maximum: 200 }`), so
 * that the web words it in the reader's language; `message` is the English explanation for the API and logs.
 */
export interface FieldProblem {
  field: string;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

/** Base class of every error the domain raises on purpose; mapped to HTTP status in `http/errors.ts` only. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

/** Input that cannot be accepted; names each offending field. */
export class ValidationError extends DomainError {
  readonly code = 'validation_failed';
  constructor(
    readonly problems: FieldProblem[],
    message = problems.map((p) => `${p.field}: ${p.message}`).join('; '),
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
  constructor(
    readonly resourceType: string,
    readonly id: string,
  ) {
    super(`${resourceType} ${id} not found`);
  }
}

/** The actor is known but may not do this. */
export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
  constructor(message = 'not allowed') {
    super(message);
  }
}

/** No valid session, or credentials that do not open one. */
export class UnauthenticatedError extends DomainError {
  readonly code: string = 'unauthenticated';
  constructor(
    message = 'login required',
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** The password was right, and the account also needs a second-factor code (field `code`). */
export class SecondFactorRequiredError extends UnauthenticatedError {
  override readonly code = 'second_factor_required';
  constructor() {
    super('enter the code from your authenticator app', [
      { field: 'code', message: 'a second-factor code is required' },
    ]);
  }
}

/** Work the server had started was cut short by its stopping (a restart, a crash); nothing after that was done. */
export class InterruptedError extends DomainError {
  readonly code = 'interrupted';
  constructor(message = 'the server stopped while this ran; run it again') {
    super(message);
  }
}

/** The request conflicts with the current state (duplicate name, record still referenced). */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
  constructor(
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** Too many attempts: try again later. */
export class TooManyRequestsError extends DomainError {
  readonly code = 'too_many_requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Stored evidence no longer matches its hash (altered or missing); the file is quarantined and named. */
export class IntegrityError extends DomainError {
  readonly code = 'integrity_failed';
  constructor(
    message: string,
    readonly fileIds: string[],
  ) {
    super(message);
  }
}

/** The upload is larger than the configured limit; nothing was kept. */
export class PayloadTooLargeError extends DomainError {
  readonly code = 'payload_too_large';
  constructor(
    message: string,
    readonly problems: FieldProblem[],
  ) {
    super(message);
  }
}

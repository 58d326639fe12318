/**
 * Typed errors. Every error a user can cause is an AppError with a stable `code`, an HTTP
 * `status`, and a message that says what to do. `expose` marks messages safe to show.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly expose: boolean;
  /** Who can fix it and how: shown under the message on error pages. */
  readonly hint?: string;

  constructor(code: string, message: string, opts: { status?: number; expose?: boolean; hint?: string; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = opts.status ?? 400;
    this.expose = opts.expose ?? this.status < 500;
    if (opts.hint !== undefined) this.hint = opts.hint;
  }
}

export class ValidationError extends AppError {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super('invalid_input', message, { status: 400 });
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('not_found', `${what} was not found.`, { status: 404 });
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have access to this page.', hint?: string) {
    super('forbidden', message, { status: 403, ...(hint ? { hint } : {}) });
  }
}

/** A launch or LTI service problem; `code` is one of the LtiErrorCode values. */
export class LtiError extends AppError {
  constructor(code: string, message: string, hint: string, status = 400) {
    super(code, message, { status, hint });
  }
}

/** Stable, documented error codes. Apps switch on these; never on messages. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'VERSION_CONFLICT',
  'INVALID_TRANSITION',
  'FORBIDDEN',
  'ADAPTER_FAILURE',
  'SCHEMA_TOO_NEW',
] as const;

/** A stable error code that callers can branch on (VALIDATION_FAILED, NOT_FOUND, …). */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Where in the input a problem is: object keys and array indexes, outermost first. */
export type IssuePath = (string | number)[];

/** One problem found in the input: where it is and what is wrong. */
export interface Issue {
  path: IssuePath;
  message: string;
}

/** Optional details for a {@link CivicGridError}: the issues found and the underlying cause. */
export interface CivicGridErrorOptions {
  issues?: Issue[];
  cause?: unknown;
}

/**
 * Marks every CivicGridError. Symbol.for gives every copy of civic-grid in a
 * process (the ESM and the CommonJS build, two installed versions) the same
 * symbol, so an error from one copy is recognised by the others.
 */
const BRAND: unique symbol = Symbol.for('civic-grid.CivicGridError') as never;

/**
 * The one error type civic-grid throws. `code` is stable across releases;
 * `issues` lists every problem found, not only the first.
 */
export class CivicGridError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[];

  /** `instanceof CivicGridError` checks the brand, not the prototype chain of this copy's class. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== CivicGridError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  constructor(code: ErrorCode, message: string, options: CivicGridErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CivicGridError';
    this.code = code;
    this.issues = options.issues ?? [];
  }

  /** A VALIDATION_FAILED error whose message summarises every issue. */
  static validation(subject: string, issues: Issue[], cause?: unknown): CivicGridError {
    const shown = issues.slice(0, 5).map(formatIssue).join('; ');
    const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
    return new CivicGridError(
      'VALIDATION_FAILED',
      `${subject}: ${issues.length} problem${issues.length === 1 ? '' : 's'}: ${shown}${more}`,
      { issues, cause },
    );
  }
}

Object.defineProperty(CivicGridError.prototype, BRAND, { value: true });

/** Renders an issue as `path.to.field: message` (just the message when the path is empty). */
export function formatIssue(issue: Issue): string {
  return issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`;
}

/** True when `value` is a {@link CivicGridError} (from any copy of civic-grid), optionally with the given `code`. */
export function isCivicGridError(value: unknown, code?: ErrorCode): value is CivicGridError {
  return value instanceof CivicGridError && (code === undefined || value.code === code);
}

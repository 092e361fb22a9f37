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

export type ErrorCode = (typeof ERROR_CODES)[number];

export type IssuePath = (string | number)[];

/** One problem found in the input: where it is and what is wrong. */
export interface Issue {
  path: IssuePath;
  message: string;
}

export interface CivicGridErrorOptions {
  issues?: Issue[];
  cause?: unknown;
}

/**
 * The one error type civic-grid throws. `code` is stable across releases;
 * `issues` lists every problem found, not only the first.
 */
export class CivicGridError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[];

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

export function formatIssue(issue: Issue): string {
  return issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`;
}

export function isCivicGridError(value: unknown, code?: ErrorCode): value is CivicGridError {
  return value instanceof CivicGridError && (code === undefined || value.code === code);
}

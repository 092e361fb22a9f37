import type { z } from 'zod';
import { CivicGridError, type Issue } from './civic-grid-error.js';

/** Converts zod's issues into civic-grid issues, with the path prefixed by `basePath`. */
export function zodIssuesToIssues(error: z.ZodError, basePath: (string | number)[] = []): Issue[] {
  return error.issues.map((issue) => ({
    path: [...basePath, ...issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment))],
    message: issue.message,
  }));
}

/**
 * Parses `input` with `schema` at a public boundary. Throws VALIDATION_FAILED
 * listing every issue, each with the path of the bad field.
 */
export function parseWithSchema<S extends z.ZodType>(schema: S, input: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw CivicGridError.validation(subject, zodIssuesToIssues(result.error), result.error);
  return result.data;
}

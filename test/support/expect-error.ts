import { expect } from 'vitest';
import { CivicGridError, type ErrorCode } from '../../src/index.js';

/** Runs `action`, asserts it throws a CivicGridError with `code`, and returns that error. */
export function expectCivicGridError(action: () => unknown, code: ErrorCode): CivicGridError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a CivicGridError to be thrown').toBeInstanceOf(CivicGridError);
  const error = thrown as CivicGridError;
  expect(error.code).toBe(code);
  return error;
}

/** Same, for a promise. */
export async function expectCivicGridErrorAsync(action: () => Promise<unknown>, code: ErrorCode): Promise<CivicGridError> {
  const error = await action().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, 'expected a CivicGridError to be thrown').toBeInstanceOf(CivicGridError);
  expect((error as CivicGridError).code).toBe(code);
  return error as CivicGridError;
}

import { CivicGridError } from '../../errors/civic-grid-error.js';

/**
 * An amount of working time: hours of working time, or working days (days with
 * working time), each landing at the same working position of its day; see addWorkingTime.
 */
export type WorkingDuration = { hours: number } | { days: number };

const HOUR_MS = 3_600_000;

/** A checked duration: working ms, or whole working days. */
export type CheckedDuration = { unit: 'ms'; amount: number } | { unit: 'days'; amount: number };

/** VALIDATION_FAILED at ['amount', …] unless exactly one of hours (finite, ≥ 0) or days (whole, ≥ 0). */
export function checkWorkingDuration(value: WorkingDuration, subject: string): CheckedDuration {
  // No allocation on the valid path: this runs on every addWorkingTime call.
  if (typeof value !== 'object' || value === null) throw durationError(subject, [], 'expected { hours } or { days }');
  let keys = 0;
  for (const key in value) if (Object.hasOwn(value, key)) keys++;
  if (keys === 1 && Object.hasOwn(value, 'hours')) {
    const { hours } = value as { hours: unknown };
    if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0) throw durationError(subject, ['hours'], 'expected a finite number of hours, not negative');
    // Dates count whole milliseconds.
    return { unit: 'ms', amount: Math.round(hours * HOUR_MS) };
  }
  if (keys === 1 && Object.hasOwn(value, 'days')) {
    const { days } = value as { days: unknown };
    if (typeof days !== 'number' || !Number.isSafeInteger(days) || days < 0) throw durationError(subject, ['days'], 'expected a whole number of days, not negative');
    return { unit: 'days', amount: days };
  }
  throw durationError(subject, [], 'expected exactly one of hours or days');
}

function durationError(subject: string, path: string[], message: string): CivicGridError {
  return CivicGridError.validation(subject, [{ path: ['amount', ...path], message }]);
}

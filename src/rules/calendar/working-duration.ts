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
  const fail = (path: (string | number)[], message: string): never => {
    throw CivicGridError.validation(subject, [{ path: ['amount', ...path], message }]);
  };
  if (typeof value !== 'object' || value === null) return fail([], 'expected { hours } or { days }');
  const keys = Object.keys(value);
  if (keys.length !== 1 || (keys[0] !== 'hours' && keys[0] !== 'days')) return fail([], 'expected exactly one of hours or days');
  if ('hours' in value) {
    const { hours } = value;
    if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0) return fail(['hours'], 'expected a finite number of hours, not negative');
    // Dates count whole milliseconds.
    return { unit: 'ms', amount: Math.round(hours * HOUR_MS) };
  }
  const { days } = value;
  if (typeof days !== 'number' || !Number.isSafeInteger(days) || days < 0) return fail(['days'], 'expected a whole number of days, not negative');
  return { unit: 'days', amount: days };
}

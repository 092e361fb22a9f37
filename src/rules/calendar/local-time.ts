import { tzOffset } from '@date-fns/tz';

const DAY_MS = 86_400_000;

/** The zone's UTC offset in ms at a UTC instant. */
export function offsetAt(timeZone: string, utc: number): number {
  return tzOffset(timeZone, new Date(utc)) * 60_000;
}

/**
 * The UTC instant of a local wall-clock time (`wall` = ms since 1970-01-01T00:00 local).
 * A time repeated by a fall-back is its first occurrence; a time skipped by a
 * spring-forward is the transition itself (not "an hour later" as Temporal's
 * 'compatible' has it), so the mapping never goes backwards and a working range
 * that overlaps the gap keeps only its real part.
 */
export function utcOfWallTime(timeZone: string, wall: number): number {
  const before = offsetAt(timeZone, wall - DAY_MS);
  const after = offsetAt(timeZone, wall + DAY_MS);
  const candidates = [before, after].filter((offset) => offsetAt(timeZone, wall - offset) === offset).map((offset) => wall - offset);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: the offset steps from `before` up to `after` between these two instants; find the step.
  let low = wall - after;
  let high = wall - before;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(timeZone, middle) === before) low = middle;
    else high = middle;
  }
  return high;
}

import { tzOffset } from '@date-fns/tz';

/** An ISO date or date-time without an offset: a wall-clock reading, not yet an instant. */
const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

const DIGIT = (text: string, at: number): number => text.charCodeAt(at) - 48;

/**
 * Reads a record's date value as epoch ms: a Date, epoch ms, an ISO
 * date-time with an offset, or (NaN) anything else unreadable. A date without
 * a time ('2021-01-01') is a calendar date in the city: its local midnight in
 * `timeZone`, as is a date-time without an offset its local wall-clock time.
 * Without this, JavaScript reads dates as UTC midnight (the day before, west
 * of UTC) and offset-less date-times in the host's own zone.
 */
export function instantReader(timeZone: string): (value: unknown) => number {
  // Few distinct days recur across many records: each is converted once.
  const midnights = new Map<string, number>();
  return (value) => {
    if (value instanceof Date) return value.getTime();
    if (typeof value === 'number') return value;
    if (typeof value !== 'string') return Number.NaN;
    if (value.length === 24) {
      const parsed = parseIsoInstant(value);
      if (!Number.isNaN(parsed)) return parsed;
    }
    if (!WALL_CLOCK.test(value)) return Date.parse(value);
    if (value.length > 10) return localToInstant(value, timeZone);
    let midnight = midnights.get(value);
    if (midnight === undefined) midnights.set(value, (midnight = localToInstant(value, timeZone)));
    return midnight;
  };
}

const DAY_MS = 86_400_000;

/**
 * The instant a wall-clock reading names in `timeZone`. Around a change of
 * offset it resolves as Temporal's "compatible" does: a reading that occurs
 * twice is the earlier instant, one skipped by the clocks moving forward is
 * read with the offset before the change (02:30 in a 02:00 → 03:00 gap is 03:30).
 */
function localToInstant(wallClock: string, timeZone: string): number {
  // The reading as if it were UTC (Date.parse checks the fields), then moved by the zone's offset.
  const asUtc = Date.parse(wallClock.length === 10 ? wallClock : `${wallClock}Z`);
  if (Number.isNaN(asUtc)) return asUtc;
  const offsetAt = (time: number): number => tzOffset(timeZone, new Date(time)) * 60_000;
  const before = offsetAt(asUtc - DAY_MS);
  const early = asUtc - before;
  if (offsetAt(early) === before) return early;
  const after = offsetAt(asUtc + DAY_MS);
  const late = asUtc - after;
  return offsetAt(late) === after ? late : early;
}

/**
 * Parses `toISOString()`'s own form (YYYY-MM-DDTHH:mm:ss.sssZ, what stores
 * hold) with arithmetic, about twice as fast as Date.parse; NaN for any other
 * 24-character text, which then goes to Date.parse.
 */
function parseIsoInstant(text: string): number {
  if (text.charCodeAt(23) !== 90 || text.charCodeAt(10) !== 84 || text.charCodeAt(4) !== 45 || text.charCodeAt(19) !== 46) return Number.NaN;
  const year = DIGIT(text, 0) * 1000 + DIGIT(text, 1) * 100 + DIGIT(text, 2) * 10 + DIGIT(text, 3);
  const month = DIGIT(text, 5) * 10 + DIGIT(text, 6);
  const day = DIGIT(text, 8) * 10 + DIGIT(text, 9);
  const hour = DIGIT(text, 11) * 10 + DIGIT(text, 12);
  const minute = DIGIT(text, 14) * 10 + DIGIT(text, 15);
  const second = DIGIT(text, 17) * 10 + DIGIT(text, 18);
  const millisecond = DIGIT(text, 20) * 100 + DIGIT(text, 21) * 10 + DIGIT(text, 22);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59 && millisecond >= 0 && millisecond <= 999 && year >= 0)) return Number.NaN;
  // Days from the civil date (Howard Hinnant's algorithm): no Date object per record.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  const days = era * 146_097 + dayOfEra - 719_468;
  return days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + millisecond;
}

import { tzOffset } from '@date-fns/tz';

/*
 * Which strings are dates: exactly those civic_grid_instant reads in SQL, so
 * that computeKpis and computeKpisInDatabase count the same records.
 * - `YYYY-MM-DD` (years 0000–9999): local midnight in the city's zone; `YYYY-MM-DDZ`: UTC midnight.
 * - `YYYY-MM-DDTHH:mm`, then optionally `:ss`, then optionally `.` and any number of
 *   digits (cut, not rounded, to the millisecond); followed by `Z`, an offset `±hh:mm` or
 *   `±hhmm` (hh ≤ 23, mm ≤ 59), or nothing: the city's wall-clock time.
 * - Fields: month 01–12, a day that exists in that month (29 February in leap years only:
 *   zod's dates agree, V8's Date.parse rolls 30 February over into March), hour 00–23 or
 *   24:00[:00[.000]] (the next midnight), minutes and seconds 00–59 (no leap second).
 *   ASCII digits only; `T` and `Z` in capitals; no spaces.
 * Anything else (`March 7 2020`, `2020-1-5`, ` 2020-01-05`, `2020-01-05t10:00z`) is not
 * a date: NaN here, NULL in SQL. Date.parse is never asked: it reads legacy forms too.
 */
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$/;

const DIGIT = (text: string, at: number): number => text.charCodeAt(at) - 48;
/** Negative unless 0 ≤ digit ≤ 9: or-ed over the digits, one integer test checks them all. */
const OUT_OF_DIGITS = (digit: number): number => (9 - digit) | digit;

/**
 * Reads a record's date value as epoch ms: a Date, epoch ms, a string that
 * is a date (see above), or NaN for anything else. A date without a time
 * ('2021-01-01') is a calendar date in the city: its local midnight in
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
    if (value.length === 10) {
      const midnight = midnights.get(value);
      if (midnight !== undefined) return midnight;
    }
    const reading = readIsoDate(value);
    if (reading === undefined) return Number.NaN;
    if (reading.offsetMs !== undefined) return reading.wallMs - reading.offsetMs;
    const instant = localToInstant(reading.wallMs, timeZone);
    if (value.length === 10) midnights.set(value, instant);
    return instant;
  };
}

/** Whether `text` is a date as instantReader reads it (in any zone). */
export function isIsoDate(text: string): boolean {
  return readIsoDate(text) !== undefined;
}

interface IsoReading {
  /** The fields as if they were UTC. */
  wallMs: number;
  /** The written offset (Z is 0), or undefined: a wall-clock reading in the city. */
  offsetMs: number | undefined;
}

function readIsoDate(text: string): IsoReading | undefined {
  const part = ISO_DATE.exec(text);
  if (part === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, offset] = part as unknown as [string, string, string, string, string?, string?, string?, string?, string?];
  // A date alone takes no offset but Z.
  if (hour === undefined && offset !== undefined && offset !== 'Z') return undefined;
  const h = hour === undefined ? 0 : Number(hour);
  const mi = minute === undefined ? 0 : Number(minute);
  const s = second === undefined ? 0 : Number(second);
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const mo = Number(month);
  const d = Number(day);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(Number(year), mo) || h > 24 || mi > 59 || s > 59 || (h === 24 && (mi > 0 || s > 0 || ms > 0))) return undefined;
  const wallMs = daysFromCivil(Number(year), mo, d) * DAY_MS + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
  if (offset === undefined) return { wallMs, offsetMs: undefined };
  if (offset === 'Z') return { wallMs, offsetMs: 0 };
  const offsetHours = Number(offset.slice(1, 3));
  const offsetMinutes = Number(offset.slice(-2));
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  return { wallMs, offsetMs: (offset.startsWith('-') ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000 };
}

const DAY_MS = 86_400_000;

/**
 * The instant a wall-clock reading (its fields as if UTC) names in `timeZone`.
 * Around a change of offset it resolves as Temporal's "compatible" does: a
 * reading that occurs twice is the earlier instant, one skipped by the clocks
 * moving forward is read with the offset before the change (02:30 in a
 * 02:00 → 03:00 gap is 03:30).
 */
function localToInstant(asUtc: number, timeZone: string): number {
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
 * hold) with arithmetic, about twice as fast as the general reading; NaN for
 * any other 24-character text, which then goes to the general reading.
 */
function parseIsoInstant(text: string): number {
  if (text.charCodeAt(23) !== 90 || text.charCodeAt(10) !== 84 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 46) {
    return Number.NaN;
  }
  const year = DIGIT(text, 0) * 1000 + DIGIT(text, 1) * 100 + DIGIT(text, 2) * 10 + DIGIT(text, 3);
  const month = DIGIT(text, 5) * 10 + DIGIT(text, 6);
  const day = DIGIT(text, 8) * 10 + DIGIT(text, 9);
  const hour = DIGIT(text, 11) * 10 + DIGIT(text, 12);
  const minute = DIGIT(text, 14) * 10 + DIGIT(text, 15);
  const second = DIGIT(text, 17) * 10 + DIGIT(text, 18);
  const millisecond = DIGIT(text, 20) * 100 + DIGIT(text, 21) * 10 + DIGIT(text, 22);
  // A character that is no digit can still make fields in range ('-0' is hour -30, ':' a digit 10): each is checked.
  const outOfDigits =
    OUT_OF_DIGITS(DIGIT(text, 0)) | OUT_OF_DIGITS(DIGIT(text, 1)) | OUT_OF_DIGITS(DIGIT(text, 2)) | OUT_OF_DIGITS(DIGIT(text, 3)) | OUT_OF_DIGITS(DIGIT(text, 5)) | OUT_OF_DIGITS(DIGIT(text, 6)) |
    OUT_OF_DIGITS(DIGIT(text, 8)) | OUT_OF_DIGITS(DIGIT(text, 9)) | OUT_OF_DIGITS(DIGIT(text, 11)) | OUT_OF_DIGITS(DIGIT(text, 12)) | OUT_OF_DIGITS(DIGIT(text, 14)) | OUT_OF_DIGITS(DIGIT(text, 15)) |
    OUT_OF_DIGITS(DIGIT(text, 17)) | OUT_OF_DIGITS(DIGIT(text, 18)) | OUT_OF_DIGITS(DIGIT(text, 20)) | OUT_OF_DIGITS(DIGIT(text, 21)) | OUT_OF_DIGITS(DIGIT(text, 22));
  // 24:00 is left to the general reading.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59 || outOfDigits < 0) return Number.NaN;
  return daysFromCivil(year, month, day) * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000 + millisecond;
}

/** Days in `month` (1–12) of the proleptic Gregorian `year` (0000 is a leap year). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm, no Date object per record). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

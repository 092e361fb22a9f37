import { offsetAt, utcOfWallTime } from '../calendar/local-time.js';

/** The city's calendar date of an instant: year, month (1–12) and day, in `timeZone`. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** The local calendar date of `instant` in `timeZone` (west of UTC an evening instant is still the day before in UTC terms). */
export function localDateOf(instant: number, timeZone: string): LocalDate {
  const wall = new Date(instant + offsetAt(timeZone, instant));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** The instant of local midnight starting the given day in `timeZone` (the day may overflow: 31 June is 1 July). */
export function localMidnight(timeZone: string, year: number, month: number, day: number): number {
  return utcOfWallTime(timeZone, Date.UTC(year, month - 1, day));
}

/** The quarter (1–4) of a local month. */
export function quarterOfMonth(month: number): 1 | 2 | 3 | 4 {
  return (Math.floor((month - 1) / 3) + 1) as 1 | 2 | 3 | 4;
}

import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { offsetAt, utcOfWallTime } from './local-time.js';
import { type WorkCalendar, WorkCalendarTable } from './work-calendar.js';
import {
  ASSUMED_WEEKDAYS_YEARS,
  epochDayOfIsoDate,
  minutesOfDay,
  weekdayOfEpochDay,
  WEEKDAYS,
  type WorkCalendarSpec,
  WorkCalendarSpecSchema,
} from './work-calendar-spec.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * Builds a working-time calendar once: a table of every local day of its years with
 * the UTC bounds of its working ranges, so that later queries never touch time zones.
 * Throws VALIDATION_FAILED with the path of every bad field.
 */
export function createWorkCalendar(spec: WorkCalendarSpec): WorkCalendar {
  const parsed = parseWithSchema(WorkCalendarSpecSchema, spec, 'Invalid work calendar');
  const { timeZone, weeklyHours, knownYears, assumeWeekdaysOutside } = parsed;
  const years = assumeWeekdaysOutside
    ? { from: Math.min(knownYears.from, ASSUMED_WEEKDAYS_YEARS.from), to: Math.max(knownYears.to, ASSUMED_WEEKDAYS_YEARS.to) }
    : knownYears;
  const firstEpochDay = Date.UTC(years.from, 0, 1) / DAY_MS;
  const days = Date.UTC(years.to + 1, 0, 1) / DAY_MS - firstEpochDay;

  const holidays = new Set(parsed.holidays.map((date) => epochDayOfIsoDate(date)!));
  const makeUpDays = new Set(parsed.makeUpWorkdays.map((date) => epochDayOfIsoDate(date)!));
  /** Per weekday its ranges as local minutes, sorted. */
  const weekly = WEEKDAYS.map((weekday) =>
    (weeklyHours[weekday] ?? []).map((range) => [minutesOfDay(range.start), minutesOfDay(range.end)] as const).sort((a, b) => a[0] - b[0]),
  );
  const makeUpHours = weekly[WEEKDAYS.indexOf(parsed.makeUpHoursFrom)]!;

  const dayStart = new Float64Array(days + 1);
  const dayFirstRange = new Int32Array(days + 1);
  const rangeStart: number[] = [];
  const rangeEnd: number[] = [];
  dayStart[0] = utcOfWallTime(timeZone, firstEpochDay * DAY_MS);
  let offset = offsetAt(timeZone, dayStart[0]);
  for (let day = 0; day < days; day++) {
    const wall = (firstEpochDay + day) * DAY_MS;
    // One offset look-up per day: if the next midnight has the same offset the day has
    // no transition, and its times are wall time minus that offset; else resolve each.
    const guess = wall + DAY_MS - offset;
    const steady = offsetAt(timeZone, guess) === offset;
    dayStart[day + 1] = steady ? guess : utcOfWallTime(timeZone, wall + DAY_MS);
    const utcOf = (minutes: number): number => (steady ? wall + minutes * MINUTE_MS - offset : utcOfWallTime(timeZone, wall + minutes * MINUTE_MS));
    if (!steady) offset = offsetAt(timeZone, dayStart[day + 1]!);

    const epochDay = firstEpochDay + day;
    const ranges = holidays.has(epochDay) ? [] : makeUpDays.has(epochDay) ? makeUpHours : weekly[weekdayOfEpochDay(epochDay)]!;
    for (const [start, end] of ranges) {
      // Clamped to the day: a range in a spring-forward gap may shrink to nothing.
      const from = Math.max(dayStart[day]!, utcOf(start));
      const to = Math.min(dayStart[day + 1]!, utcOf(end));
      if (to > from) {
        rangeStart.push(from);
        rangeEnd.push(to);
      }
    }
    dayFirstRange[day + 1] = rangeStart.length;
  }

  const table = new WorkCalendarTable({
    timeZone,
    dayStart,
    dayFirstRange,
    rangeStart: Float64Array.from(rangeStart),
    rangeEnd: Float64Array.from(rangeEnd),
    coveredYears: years,
    outOfRangeHint: assumeWeekdaysOutside
      ? 'assumeWeekdaysOutside covers only these years'
      : 'add the holidays and make-up days of the years needed to knownYears, or opt in with assumeWeekdaysOutside: true',
  });
  if (table.totalWork === 0) throw CivicGridError.validation('Invalid work calendar', [{ path: [], message: 'the calendar has no working time at all' }]);
  return table;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCivicGridError } from '../../../src/errors/civic-grid-error.js';
import { CHINA_NATIONAL_DATES } from '../../../src/rules/calendar/china-holiday-data.js';
import { root } from '../../support/typescript-compilers.js';
import { chinaHolidayDataModule } from './china-holiday-data-module.js';
import { addWorkingTime, CHINA_HOLIDAY_YEARS, chinaWorkCalendar, isWorkingTime, nextWorkingInstant, workingTimeBetween } from '../../../src/rules/calendar/index.js';

const china = chinaWorkCalendar();
/** An instant given as Beijing wall time. */
const beijing = (wall: string): Date => new Date(`${wall}+08:00`);
const HOUR = 3_600_000;

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('chinaWorkCalendar', () => {
  it("knows the years of chinese-days' data, 2004 to 2026, and refuses instants outside them", () => {
    expect(CHINA_HOLIDAY_YEARS).toEqual({ from: 2004, to: 2026 });
    const error = thrown(() => isWorkingTime(china, beijing('2027-01-04T10:00:00')));
    expect(isCivicGridError(error, 'VALIDATION_FAILED')).toBe(true);
    expect((error as Error).message).toContain('CALENDAR_OUT_OF_RANGE');
    expect((error as { issues: unknown[] }).issues).toEqual([expect.objectContaining({ path: ['at'] })]);
    expect(isWorkingTime(china, beijing('2026-12-31T10:00:00'))).toBe(true);
    expect(isCivicGridError(thrown(() => isWorkingTime(china, beijing('2003-12-31T10:00:00'))), 'VALIDATION_FAILED')).toBe(true);
  });

  it('ships exactly the dates of the installed chinese-days data file, a notice for every year', () => {
    // Stale after an upgrade of chinese-days: run test/rules/calendar/generate-china-holiday-data.ts.
    expect(readFileSync(join(root, 'src', 'rules', 'calendar', 'china-holiday-data.ts'), 'utf8')).toBe(chinaHolidayDataModule());
    const years = Object.keys(CHINA_NATIONAL_DATES).map(Number);
    expect(years).toEqual(Array.from({ length: CHINA_HOLIDAY_YEARS.to - CHINA_HOLIDAY_YEARS.from + 1 }, (_, i) => CHINA_HOLIDAY_YEARS.from + i));
    for (const year of years) expect(CHINA_NATIONAL_DATES[year]!.off).toMatch(/^01-01/);
  });

  it('works the make-up Saturday 2026-02-14 and rests the Spring Festival and National Day breaks (State Council notice for 2026)', () => {
    expect(isWorkingTime(china, beijing('2026-02-14T09:00:00'))).toBe(true);
    expect(isWorkingTime(china, beijing('2026-02-28T09:00:00'))).toBe(true);
    for (const day of ['2026-02-16', '2026-02-23', '2026-10-01', '2026-10-05', '2026-10-07']) expect(isWorkingTime(china, beijing(`${day}T09:00:00`))).toBe(false);
    for (const day of ['2026-01-04', '2026-05-09', '2026-09-20', '2026-10-09', '2026-10-10']) expect(isWorkingTime(china, beijing(`${day}T09:00:00`))).toBe(true);
    expect(nextWorkingInstant(china, beijing('2026-09-30T17:30:00'))).toEqual(beijing('2026-10-08T08:30:00'));
  });

  it('is due Saturday 2026-02-14 16:00 for an event registered Friday 16:00 with 1 working day', () => {
    expect(addWorkingTime(china, beijing('2026-02-13T16:00:00'), { days: 1 })).toEqual(beijing('2026-02-14T16:00:00'));
  });

  it('is due 2026-10-09 10:00 for an event registered 2026-09-30 10:00 with 2 working days', () => {
    expect(addWorkingTime(china, beijing('2026-09-30T10:00:00'), { days: 2 })).toEqual(beijing('2026-10-09T10:00:00'));
    // The same in hours: 7.5 h left on 30 September, 7 h a day after the break.
    expect(addWorkingTime(china, beijing('2026-09-30T10:00:00'), { hours: 7 })).toEqual(beijing('2026-10-08T10:00:00'));
    expect(workingTimeBetween(china, beijing('2026-09-30T10:00:00'), beijing('2026-10-09T10:00:00'))).toBe(14 * HOUR);
  });

  it('is due at the close of work when the working time is used up exactly at a range end', () => {
    expect(addWorkingTime(china, beijing('2026-03-02T08:30:00'), { hours: 3.5 })).toEqual(beijing('2026-03-02T12:00:00'));
    expect(addWorkingTime(china, beijing('2026-03-02T12:30:00'), { days: 1 })).toEqual(beijing('2026-03-03T12:00:00'));
    // From a night or a rest day the count starts at the next opening: one working day is due at that day's close.
    expect(addWorkingTime(china, beijing('2026-03-01T10:00:00'), { days: 1 })).toEqual(beijing('2026-03-02T17:30:00'));
    expect(addWorkingTime(china, beijing('2026-03-01T10:00:00'), { hours: 0 })).toEqual(beijing('2026-03-02T08:30:00'));
  });

  it('lets an office that works Saturdays keep its Saturday hours on a national make-up Saturday', () => {
    const saturdays = chinaWorkCalendar({ weeklyHours: { mon: [{ start: '09:00', end: '17:00' }], sat: [{ start: '09:00', end: '12:00' }] } });
    expect(isWorkingTime(saturdays, beijing('2026-02-14T11:00:00'))).toBe(true);
    expect(isWorkingTime(saturdays, beijing('2026-02-14T13:00:00'))).toBe(false);
    // A make-up Sunday (2026-01-04) works Monday's hours.
    expect(isWorkingTime(saturdays, beijing('2026-01-04T13:00:00'))).toBe(true);
  });

  it("adds a city's own dates to the national ones", () => {
    const city = chinaWorkCalendar({ extraHolidays: ['2026-03-02'], extraMakeUpWorkdays: ['2026-03-07'] });
    expect(isWorkingTime(city, beijing('2026-03-02T09:00:00'))).toBe(false);
    expect(isWorkingTime(city, beijing('2026-03-07T09:00:00'))).toBe(true);
    expect(isWorkingTime(china, beijing('2026-03-02T09:00:00'))).toBe(true);
  });

  it('assumes Monday to Friday outside its years only when asked', () => {
    const assuming = chinaWorkCalendar({ assumeWeekdaysOutside: true });
    // 2027-01-01 is a Friday: a holiday for sure, but no notice is known, so a plain weekday.
    expect(isWorkingTime(assuming, beijing('2027-01-01T09:00:00'))).toBe(true);
    expect(addWorkingTime(assuming, beijing('2026-12-31T16:00:00'), { days: 1 })).toEqual(beijing('2027-01-01T16:00:00'));
    // The opt-in covers 1970 to 2100, no further.
    expect((thrown(() => isWorkingTime(assuming, beijing('2101-01-03T10:00:00'))) as { issues: unknown[] }).issues).toEqual([expect.objectContaining({ path: ['at'] })]);
    expect(isWorkingTime(assuming, beijing('1970-01-01T10:00:00'))).toBe(true);
    const error = thrown(() => addWorkingTime(china, beijing('2026-12-31T16:00:00'), { days: 1 }));
    expect((error as { issues: unknown[] }).issues).toEqual([expect.objectContaining({ path: ['amount'] })]);
  });
});

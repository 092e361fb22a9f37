import { describe, expect, it } from 'vitest';
import { type Issue, isCivicGridError } from '../../../src/errors/civic-grid-error.js';
import {
  addWorkingTime,
  createWorkCalendar,
  isWorkingTime,
  nextWorkingInstant,
  type WorkCalendar,
  type WorkCalendarSpec,
  workingTimeBetween,
} from '../../../src/rules/calendar/index.js';

/** The issue paths of the VALIDATION_FAILED that `run` throws. */
function failedPaths(run: () => unknown): Issue['path'][] {
  try {
    run();
  } catch (error) {
    if (!isCivicGridError(error, 'VALIDATION_FAILED')) throw error;
    return error.issues.map((issue) => issue.path);
  }
  throw new Error('expected VALIDATION_FAILED');
}

const knownYears = { from: 2026, to: 2026 };
const build = (spec: Partial<WorkCalendarSpec>) => () => createWorkCalendar({ knownYears, ...spec });
const saturdaysOf2026 = Array.from({ length: 52 }, (_, week) => new Date(Date.UTC(2026, 0, 3 + 7 * week)).toISOString().slice(0, 10));

describe('createWorkCalendar', () => {
  it('defaults to Asia/Shanghai, Monday to Friday 08:30–12:00 and 14:00–17:30', () => {
    const calendar = createWorkCalendar({ knownYears });
    expect(calendar.timeZone).toBe('Asia/Shanghai');
    const day = (time: string) => new Date(`2026-03-02T${time}+08:00`); // a Monday
    expect([day('08:29:59.999'), day('08:30'), day('11:59:59.999'), day('12:00'), day('13:59'), day('14:00'), day('17:29'), day('17:30')].map((at) => isWorkingTime(calendar, at))).toEqual([
      false, true, true, false, false, true, true, false,
    ]);
    expect(isWorkingTime(calendar, new Date('2026-03-07T10:00+08:00'))).toBe(false); // Saturday
    expect(workingTimeBetween(calendar, new Date('2026-03-02T00:00+08:00'), new Date('2026-03-09T00:00+08:00'))).toBe(35 * 3_600_000);
  });

  it('works holidays off and make-up days with the hours of makeUpHoursFrom', () => {
    const calendar = createWorkCalendar({
      knownYears,
      weeklyHours: { mon: [{ start: '09:00', end: '10:00' }], tue: [{ start: '13:00', end: '18:00' }] },
      holidays: ['2026-03-02'],
      makeUpWorkdays: ['2026-03-07'],
      makeUpHoursFrom: 'tue',
    });
    expect(isWorkingTime(calendar, new Date('2026-03-02T09:30+08:00'))).toBe(false);
    expect(isWorkingTime(calendar, new Date('2026-03-07T09:30+08:00'))).toBe(false);
    expect(isWorkingTime(calendar, new Date('2026-03-07T13:30+08:00'))).toBe(true);
    expect(nextWorkingInstant(calendar, new Date('2026-03-02T09:30+08:00'))).toEqual(new Date('2026-03-03T13:00+08:00'));
  });

  it('refuses a bad spec with the path of every bad field', () => {
    expect(failedPaths(build({ timeZone: 'Mars/Olympus_Mons' }))).toEqual([['timeZone']]);
    expect(failedPaths(build({ weeklyHours: { mon: [{ start: '25:00', end: '26:00' }] } }))).toEqual([['weeklyHours', 'mon', 0, 'start'], ['weeklyHours', 'mon', 0, 'end']]);
    expect(failedPaths(build({ weeklyHours: { mon: [{ start: '24:00', end: '24:00' }] } }))).toEqual([['weeklyHours', 'mon', 0, 'end']]);
    expect(failedPaths(build({ weeklyHours: { tue: [{ start: '09:00', end: '09:00' }] } }))).toEqual([['weeklyHours', 'tue', 0, 'end']]);
    expect(failedPaths(build({ weeklyHours: { wed: [{ start: '14:00', end: '18:00' }, { start: '09:00', end: '14:30' }] } }))).toEqual([['weeklyHours', 'wed', 0]]);
    expect(failedPaths(build({ weeklyHours: { thu: [{ start: '9:00', end: '12:00' }] } }))).toEqual([['weeklyHours', 'thu', 0, 'start']]);
    expect(failedPaths(build({ holidays: ['2026-02-30', '2027-01-01'] }))).toEqual([['holidays', 0], ['holidays', 1]]);
    expect(failedPaths(build({ holidays: ['2026-02-14'], makeUpWorkdays: ['2026-02-14'] }))).toEqual([['makeUpWorkdays', 0]]);
    expect(failedPaths(build({ makeUpWorkdays: ['2026-02-13'] }))).toEqual([['makeUpWorkdays', 0]]); // a Friday, worked anyway
    expect(failedPaths(build({ makeUpWorkdays: ['2026-02-14'], makeUpHoursFrom: 'sun' }))).toEqual([['makeUpHoursFrom']]);
    expect(failedPaths(build({ knownYears: { from: 2026, to: 2025 } }))).toEqual([['knownYears', 'to']]);
    expect(failedPaths(build({ knownYears: { from: 2026.5, to: 3000 } }))).toEqual([['knownYears', 'from'], ['knownYears', 'to']]);
    expect(failedPaths(() => createWorkCalendar({} as WorkCalendarSpec))).toEqual([['knownYears']]);
    expect(failedPaths(build({ extra: true } as Partial<WorkCalendarSpec>))).toEqual([[]]);
  });

  it('refuses a calendar with no working time at all', () => {
    expect(failedPaths(build({ weeklyHours: {} }))).toEqual([['weeklyHours']]);
    expect(failedPaths(build({ weeklyHours: { mon: [] } }))).toEqual([['weeklyHours']]);
    // Weekly hours, but every one of them falls on a holiday.
    expect(failedPaths(build({ weeklyHours: { sat: [{ start: '09:00', end: '10:00' }] }, holidays: saturdaysOf2026 }))).toEqual([[]]);
  });
});

describe('arguments of the working-time functions', () => {
  const calendar = createWorkCalendar({ knownYears });
  const start = new Date('2026-03-02T09:00+08:00');

  it('refuses what is not a valid Date, at its path', () => {
    expect(failedPaths(() => addWorkingTime(calendar, '2026-03-02' as never, { hours: 1 }))).toEqual([['start']]);
    expect(failedPaths(() => addWorkingTime(calendar, new Date(Number.NaN), { hours: 1 }))).toEqual([['start']]);
    expect(failedPaths(() => workingTimeBetween(calendar, start, null as never))).toEqual([['b']]);
    expect(failedPaths(() => workingTimeBetween(calendar, 0 as never, start))).toEqual([['a']]);
    expect(failedPaths(() => isWorkingTime(calendar, undefined as never))).toEqual([['at']]);
    expect(failedPaths(() => nextWorkingInstant(calendar, {} as never))).toEqual([['at']]);
  });

  it('refuses negative, non-finite, fractional-day or ambiguous amounts, at their path', () => {
    expect(failedPaths(() => addWorkingTime(calendar, start, { hours: -1 }))).toEqual([['amount', 'hours']]);
    expect(failedPaths(() => addWorkingTime(calendar, start, { hours: Number.POSITIVE_INFINITY }))).toEqual([['amount', 'hours']]);
    expect(failedPaths(() => addWorkingTime(calendar, start, { hours: Number.NaN }))).toEqual([['amount', 'hours']]);
    expect(failedPaths(() => addWorkingTime(calendar, start, { hours: '1' as never }))).toEqual([['amount', 'hours']]);
    expect(failedPaths(() => addWorkingTime(calendar, start, { days: 1.5 }))).toEqual([['amount', 'days']]);
    expect(failedPaths(() => addWorkingTime(calendar, start, { days: -1 }))).toEqual([['amount', 'days']]);
    expect(failedPaths(() => addWorkingTime(calendar, start, { hours: 1, days: 1 } as never))).toEqual([['amount']]);
    expect(failedPaths(() => addWorkingTime(calendar, start, { minutes: 5 } as never))).toEqual([['amount']]);
    expect(failedPaths(() => addWorkingTime(calendar, start, null as never))).toEqual([['amount']]);
  });

  it('refuses a calendar it did not build, and a deadline past the known years', () => {
    const fake = { timeZone: 'Asia/Shanghai' } as WorkCalendar;
    expect(failedPaths(() => addWorkingTime(fake, start, { hours: 1 }))).toEqual([['calendar']]);
    expect(failedPaths(() => workingTimeBetween(fake, start, start))).toEqual([['calendar']]);
    expect(failedPaths(() => addWorkingTime(calendar, start, { hours: 2000 }))).toEqual([['amount']]);
    expect(failedPaths(() => addWorkingTime(calendar, start, { days: 260 }))).toEqual([['amount']]);
    expect(failedPaths(() => nextWorkingInstant(calendar, new Date('2026-12-31T18:00+08:00')))).toEqual([['at']]);
    // The table's very end is covered: no working time after it, and none is needed.
    expect(workingTimeBetween(calendar, new Date('2026-12-31T17:30+08:00'), new Date('2027-01-01T00:00+08:00'))).toBe(0);
    expect(failedPaths(() => workingTimeBetween(calendar, start, new Date('2027-01-01T00:00:00.001+08:00')))).toEqual([['b']]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCivicGridError } from '../../../src/errors/civic-grid-error.js';
import {
  addWorkingTime,
  chinaWorkCalendar,
  createWorkCalendar,
  isWorkingTime,
  nextWorkingInstant,
  WEEKDAYS,
  type WeeklyHours,
  type WorkCalendar,
  type WorkCalendarSpec,
  type WorkingDuration,
  workingTimeBetween,
} from '../../../src/rules/calendar/index.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
// West and east of UTC, half-hour offsets and a half-hour DST (Lord Howe), a DST change at midnight (Santiago).
const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'America/St_Johns', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata'];
const YEARS = { from: 2025, to: 2026 };
const FIRST = Date.UTC(2025, 0, 2);
const LAST = Date.UTC(2026, 11, 30);

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const isoDate = (day: number): string => new Date(FIRST + day * DAY).toISOString().slice(0, 10);

/** A day's ranges: sorted distinct minute marks (often whole hours, met by whole-hour instants), taken in pairs. */
const dayRanges = (from: number, to: number) =>
  fc.uniqueArray(fc.oneof(fc.integer({ min: from, max: to }), fc.integer({ min: Math.ceil(from / 60), max: Math.floor(to / 60) }).map((hour) => hour * 60)), { maxLength: 6 }).map((marks) => {
    const sorted = [...marks].sort((a, b) => a - b);
    return Array.from({ length: Math.floor(sorted.length / 2) }, (_, i) => ({ start: hhmm(sorted[2 * i]!), end: hhmm(sorted[2 * i + 1]!) }));
  });

/** Random weekly hours (at least one range), dates off and make-up days. */
const calendarSpec = (rangesOfADay = dayRanges(0, 1440)) =>
  fc
    .record({
      timeZone: fc.constantFrom(...ZONES),
      week: fc.array(rangesOfADay, { minLength: 7, maxLength: 7 }),
      offDays: fc.uniqueArray(fc.integer({ min: 0, max: 720 }), { maxLength: 40 }),
      makeUpDays: fc.uniqueArray(fc.integer({ min: 0, max: 720 }), { maxLength: 10 }),
    })
    .map(({ timeZone, week, offDays, makeUpDays }): WorkCalendarSpec => {
      if (week.every((ranges) => ranges.length === 0)) week[1] = [{ start: '09:00', end: '17:00' }];
      const weeklyHours: WeeklyHours = Object.fromEntries(WEEKDAYS.map((weekday, i) => [weekday, week[i]!]));
      const holidays = offDays.map(isoDate);
      const makeUpHoursFrom = WEEKDAYS[week.findIndex((ranges) => ranges.length > 0)]!;
      const free = (date: string): boolean => week[new Date(date).getUTCDay()]!.length === 0 && !holidays.includes(date);
      return { timeZone, weeklyHours, holidays, makeUpWorkdays: makeUpDays.map(isoDate).filter(free), makeUpHoursFrom, knownYears: YEARS };
    });

const MINUTE = 60_000;
/** Any ms, or whole units, so that instants and deadlines often meet a range's start or close exactly. */
const msOrWhole = (min: number, max: number, unit: number) => fc.oneof(fc.integer({ min, max }), fc.integer({ min: Math.ceil(min / unit), max: Math.floor(max / unit) }).map((units) => units * unit));
const instant = fc.oneof(msOrWhole(FIRST, LAST, MINUTE), msOrWhole(FIRST, LAST, HOUR)).map((time) => new Date(time));
const workingMs = fc.oneof(msOrWhole(0, 300 * HOUR, MINUTE), msOrWhole(0, 300 * HOUR, HOUR));
const calendars = new Map<string, WorkCalendar>();
/** Calendars are built once per spec: fast-check shrinks by rebuilding the same specs. */
const calendarOf = (spec: WorkCalendarSpec): WorkCalendar => {
  const key = JSON.stringify(spec);
  let calendar = calendars.get(key);
  if (calendar === undefined) calendars.set(key, (calendar = createWorkCalendar(spec)));
  return calendar;
};

/** addWorkingTime, or undefined when the deadline falls past the calendar's years. */
function dueOrPast(calendar: WorkCalendar, start: Date, amount: WorkingDuration): Date | undefined {
  try {
    return addWorkingTime(calendar, start, amount);
  } catch (error) {
    if (isCivicGridError(error, 'VALIDATION_FAILED') && error.issues[0]?.path[0] === 'amount') return undefined;
    throw error;
  }
}

/** The reference: is `at` working by its wall-clock time in the zone, read with Intl, independent of the day table. */
function isWorkingByWallClock(spec: WorkCalendarSpec, at: Date): boolean {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: spec.timeZone!, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const wall = (Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second)) * 1000 + (at.getTime() % 1000);
  if (spec.holidays!.includes(date)) return false;
  const weekday = spec.makeUpWorkdays!.includes(date) ? spec.makeUpHoursFrom! : WEEKDAYS[new Date(`${date}T00:00Z`).getUTCDay()]!;
  const toMs = (time: string): number => (Number(time.slice(0, 2)) * 60 + Number(time.slice(3))) * 60_000;
  return (spec.weeklyHours![weekday] ?? []).some((range) => toMs(range.start) <= wall && wall < toMs(range.end));
}

/** Whether the zone's offset changes within 3 hours of `at` (a repeated or skipped wall time nearby). */
function nearOffsetChange(timeZone: string, at: Date): boolean {
  const offset = (time: number): string => new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).format(new Date(time));
  return offset(at.getTime() - 3 * HOUR) !== offset(at.getTime() + 3 * HOUR);
}

describe('working-time calendar properties', () => {
  it('says an instant is working exactly when its wall-clock time lies in a range of its date (away from offset changes)', () => {
    fc.assert(
      fc.property(calendarSpec(), fc.array(instant, { minLength: 1, maxLength: 20 }), (spec, instants) => {
        const calendar = calendarOf(spec);
        for (const at of instants) if (!nearOffsetChange(spec.timeZone!, at)) expect(isWorkingTime(calendar, at)).toBe(isWorkingByWallClock(spec, at));
      }),
      { numRuns: 60 },
    );
  });

  it('adds hours exactly: workingTimeBetween(a, addWorkingTime(a, d)) = d, and the deadline is the first such instant, in working time or at a close', () => {
    fc.assert(
      fc.property(calendarSpec(), instant, workingMs, (spec, start, ms) => {
        const calendar = calendarOf(spec);
        const due = dueOrPast(calendar, start, { hours: ms / HOUR });
        if (due === undefined) return;
        expect(workingTimeBetween(calendar, start, due)).toBe(ms);
        expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime());
        if (ms === 0) expect(due).toEqual(nextWorkingInstant(calendar, start));
        else {
          expect(isWorkingTime(calendar, due) || isWorkingTime(calendar, new Date(due.getTime() - 1))).toBe(true);
          expect(workingTimeBetween(calendar, start, new Date(due.getTime() - 1))).toBeLessThan(ms);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is monotone in the start and in the amount, for hours and for days', () => {
    fc.assert(
      fc.property(calendarSpec(), instant, instant, fc.nat(100), fc.nat(100), fc.boolean(), (spec, a, b, x, y, inDays) => {
        const calendar = calendarOf(spec);
        const [early, late] = a <= b ? [a, b] : [b, a];
        const [less, more] = x <= y ? [x, y] : [y, x];
        const amount = (n: number): WorkingDuration => (inDays ? { days: n } : { hours: n });
        const byStart = [dueOrPast(calendar, early, amount(less)), dueOrPast(calendar, late, amount(less))];
        if (byStart[0] !== undefined && byStart[1] !== undefined) expect(byStart[0].getTime()).toBeLessThanOrEqual(byStart[1].getTime());
        const byAmount = [dueOrPast(calendar, early, amount(less)), dueOrPast(calendar, early, amount(more))];
        if (byAmount[0] !== undefined && byAmount[1] !== undefined) expect(byAmount[0].getTime()).toBeLessThanOrEqual(byAmount[1].getTime());
      }),
      { numRuns: 150 },
    );
  });

  it('lands working days in working time or at a close, and counts between instants additively', () => {
    fc.assert(
      fc.property(calendarSpec(), instant, instant, instant, fc.integer({ min: 1, max: 60 }), (spec, a, b, c, days) => {
        const calendar = calendarOf(spec);
        const due = dueOrPast(calendar, a, { days });
        if (due !== undefined) {
          expect(due.getTime()).toBeGreaterThan(a.getTime());
          expect(isWorkingTime(calendar, due) || isWorkingTime(calendar, new Date(due.getTime() - 1))).toBe(true);
        }
        expect(workingTimeBetween(calendar, a, b) + workingTimeBetween(calendar, b, c)).toBe(workingTimeBetween(calendar, a, c));
        expect(workingTimeBetween(calendar, b, a) + workingTimeBetween(calendar, a, b)).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('finds the next working instant: itself when working, else the first working instant after it', () => {
    fc.assert(
      fc.property(calendarSpec(), instant, (spec, at) => {
        const calendar = calendarOf(spec);
        let next: Date;
        try {
          next = nextWorkingInstant(calendar, at);
        } catch (error) {
          if (isCivicGridError(error, 'VALIDATION_FAILED') && error.issues[0]?.path[0] === 'at') return;
          throw error;
        }
        expect(isWorkingTime(calendar, next)).toBe(true);
        expect(workingTimeBetween(calendar, at, next)).toBe(0);
        if (isWorkingTime(calendar, at)) expect(next).toEqual(at);
        else expect(isWorkingTime(calendar, new Date(next.getTime() - 1))).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('makes N working days N working days of hours when every working day has the same hours (ranges clear of DST changes)', () => {
    const uniform = fc.tuple(calendarSpec(dayRanges(300, 1380)), dayRanges(300, 1380).filter((ranges) => ranges.length > 0)).map(([spec, ranges]): WorkCalendarSpec => {
      const weeklyHours = Object.fromEntries(Object.entries(spec.weeklyHours!).map(([weekday, day]) => [weekday, day!.length > 0 ? ranges : []]));
      return { ...spec, weeklyHours };
    });
    fc.assert(
      fc.property(uniform, instant, fc.integer({ min: 1, max: 30 }), (spec, start, days) => {
        const calendar = calendarOf(spec);
        const dayWork = spec.weeklyHours![spec.makeUpHoursFrom!]!.reduce((sum, range) => sum + Number(range.end.slice(0, 2)) * 60 + Number(range.end.slice(3)) - Number(range.start.slice(0, 2)) * 60 - Number(range.start.slice(3)), 0) * 60_000;
        const due = dueOrPast(calendar, start, { days });
        if (due === undefined) return;
        expect(workingTimeBetween(calendar, start, due)).toBe(days * dayWork);
        expect(due).toEqual(addWorkingTime(calendar, start, { hours: (days * dayWork) / HOUR }));
      }),
      { numRuns: 100 },
    );
  });

  it('makes N working days 7N hours in the China preset, any start from 2004 to 2026', () => {
    const china = chinaWorkCalendar();
    fc.assert(
      fc.property(msOrWhole(Date.UTC(2004, 0, 1), Date.UTC(2026, 10, 1), HOUR / 2), fc.integer({ min: 1, max: 20 }), (time, days) => {
        const start = new Date(time);
        const due = addWorkingTime(china, start, { days });
        expect(workingTimeBetween(china, start, due)).toBe(days * 7 * HOUR);
        expect(workingTimeBetween(china, start, new Date(due.getTime() - 1))).toBe(days * 7 * HOUR - 1);
        expect(due).toEqual(addWorkingTime(china, start, { hours: days * 7 }));
      }),
      { numRuns: 500 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { addWorkingTime, createWorkCalendar, isWorkingTime, nextWorkingInstant, workingTimeBetween } from '../../../src/rules/calendar/index.js';

const HOUR = 3_600_000;
const night = [{ start: '01:00', end: '04:00' }];
const office = [{ start: '09:00', end: '17:00' }];

describe('working time across daylight-saving changes', () => {
  // 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST. West of UTC.
  const newYork = createWorkCalendar({ timeZone: 'America/New_York', knownYears: { from: 2026, to: 2026 }, weeklyHours: { sun: night, mon: office, fri: office } });
  // 2026-03-29 02:00 CET → 03:00 CEST; 2026-10-25 03:00 CEST → 02:00 CET.
  const berlin = createWorkCalendar({ timeZone: 'Europe/Berlin', knownYears: { from: 2026, to: 2026 }, weeklyHours: { sun: night } });

  it('counts the real hours of a night range on the spring-forward and fall-back Sundays', () => {
    expect(workingTimeBetween(newYork, new Date('2026-03-01T00:00Z'), new Date('2026-03-02T00:00Z'))).toBe(3 * HOUR);
    expect(workingTimeBetween(newYork, new Date('2026-03-08T00:00Z'), new Date('2026-03-09T00:00Z'))).toBe(2 * HOUR);
    expect(workingTimeBetween(newYork, new Date('2026-11-01T00:00Z'), new Date('2026-11-02T00:00Z'))).toBe(4 * HOUR);
    expect(workingTimeBetween(berlin, new Date('2026-03-28T12:00Z'), new Date('2026-03-29T12:00Z'))).toBe(2 * HOUR);
    expect(workingTimeBetween(berlin, new Date('2026-10-24T12:00Z'), new Date('2026-10-25T12:00Z'))).toBe(4 * HOUR);
  });

  it('starts a range at the first occurrence of a repeated time and at the transition for a skipped one', () => {
    // 01:00 EDT (05:00Z) on the fall-back day is the first of the two 01:00s.
    expect(isWorkingTime(newYork, new Date('2026-11-01T04:59:59.999Z'))).toBe(false);
    expect(isWorkingTime(newYork, new Date('2026-11-01T05:00Z'))).toBe(true);
    expect(isWorkingTime(newYork, new Date('2026-11-01T08:59:59.999Z'))).toBe(true); // 03:59 EST
    expect(isWorkingTime(newYork, new Date('2026-11-01T09:00Z'))).toBe(false);
    // Berlin's spring-forward: 01:00 CET (00:00Z) to 04:00 CEST (02:00Z), the skipped hour never worked twice.
    expect(nextWorkingInstant(berlin, new Date('2026-03-28T23:00Z'))).toEqual(new Date('2026-03-29T00:00Z'));
    expect(addWorkingTime(berlin, new Date('2026-03-29T00:00Z'), { hours: 2 })).toEqual(new Date('2026-03-29T02:00Z'));
  });

  it('drops a range that lies wholly in the skipped hour, on that day only', () => {
    const gap = createWorkCalendar({ timeZone: 'America/New_York', knownYears: { from: 2026, to: 2026 }, weeklyHours: { sun: [{ start: '02:15', end: '02:45' }] } });
    expect(workingTimeBetween(gap, new Date('2026-03-08T00:00Z'), new Date('2026-03-09T00:00Z'))).toBe(0);
    expect(workingTimeBetween(gap, new Date('2026-03-15T00:00Z'), new Date('2026-03-16T00:00Z'))).toBe(HOUR / 2);
    expect(nextWorkingInstant(gap, new Date('2026-03-08T00:00Z'))).toEqual(new Date('2026-03-15T06:15Z')); // 02:15 EDT
  });

  it('keeps working days at the same local time of day across an offset change', () => {
    const weekdays = createWorkCalendar({ timeZone: 'America/New_York', knownYears: { from: 2026, to: 2026 }, weeklyHours: { mon: office, fri: office } });
    // Friday 16:00 EST + 1 working day → Monday 16:00 EDT: 1 h on Friday and 7 h on Monday.
    const due = addWorkingTime(weekdays, new Date('2026-03-06T21:00Z'), { days: 1 });
    expect(due).toEqual(new Date('2026-03-09T20:00Z'));
    expect(workingTimeBetween(weekdays, new Date('2026-03-06T21:00Z'), due)).toBe(8 * HOUR);
    // With the night range, the next working day is the short Sunday (2 h): due at its close, 04:00 EDT.
    expect(addWorkingTime(newYork, new Date('2026-03-06T21:00Z'), { days: 1 })).toEqual(new Date('2026-03-08T08:00Z'));
  });

  it('skips a date the zone skipped: Friday 2011-12-30 never happened in Samoa', () => {
    const apia = createWorkCalendar({ timeZone: 'Pacific/Apia', knownYears: { from: 2011, to: 2012 } });
    // Thursday 29 December (UTC-10) was followed by Saturday 31 December (UTC+14).
    expect(workingTimeBetween(apia, new Date('2011-12-26T00:00:00-10:00'), new Date('2012-01-02T00:00:00+14:00'))).toBe(4 * 7 * HOUR);
    expect(addWorkingTime(apia, new Date('2011-12-29T16:00:00-10:00'), { days: 1 })).toEqual(new Date('2012-01-02T16:00:00+14:00'));
  });
});

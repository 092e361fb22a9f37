import { CHINA_NATIONAL_DATES } from './china-holiday-data.js';
import { createWorkCalendar } from './create-work-calendar.js';
import type { WorkCalendar } from './work-calendar.js';
import { DEFAULT_WEEKLY_HOURS, epochDayOfIsoDate, type WeeklyHours, type Weekday, weekdayOfEpochDay, WEEKDAYS } from './work-calendar-spec.js';

/** Options of China's work calendar: time zone, weekly hours and a city's own dates off. */
export interface ChinaWorkCalendarOptions {
  /** Default 'Asia/Shanghai' (China's one civil time). */
  timeZone?: string;
  /** Default Mon–Fri 08:30–12:00 and 14:00–17:30. */
  weeklyHours?: WeeklyHours;
  /** A city's own dates off, added to the national ones. */
  extraHolidays?: readonly string[];
  /** A city's own make-up working days, added to the national ones. */
  extraMakeUpWorkdays?: readonly string[];
  /** Default 'mon'. */
  makeUpHoursFrom?: Weekday;
  /** Explicit opt-in to plain weekly hours outside CHINA_HOLIDAY_YEARS. */
  assumeWeekdaysOutside?: boolean;
}

// From chinese-days' data file (see china-holiday-data.ts): its functions guess past their
// data (any later date is "Monday to Friday") and compute its dates in the machine's zone.
const dataYears = Object.keys(CHINA_NATIONAL_DATES).map(Number);
const datesOf = (part: 'off' | 'work'): string[] =>
  dataYears.flatMap((year) => (CHINA_NATIONAL_DATES[year]![part] === '' ? [] : CHINA_NATIONAL_DATES[year]![part].split(' ').map((monthDay) => `${year}-${monthDay}`)));
const NATIONAL_HOLIDAYS = datesOf('off');
const NATIONAL_MAKE_UP_WORKDAYS = datesOf('work');

/** The years with the State Council's notice in the data (every year has 元旦). */
export const CHINA_HOLIDAY_YEARS: { readonly from: number; readonly to: number } = Object.freeze({ from: Math.min(...dataYears), to: Math.max(...dataYears) });

/**
 * China's working calendar: the national holidays and make-up days of chinese-days' data
 * (see CHINA_HOLIDAY_YEARS), plus a city's own dates. Instants outside those years are
 * refused unless `assumeWeekdaysOutside` is set. Build it once and keep it.
 */
export function chinaWorkCalendar(options: ChinaWorkCalendarOptions = {}): WorkCalendar {
  const { extraHolidays = [], extraMakeUpWorkdays = [], ...rest } = options;
  // An office that works weekends anyway works a national make-up Saturday with its own Saturday hours.
  const weeklyHours = options.weeklyHours ?? DEFAULT_WEEKLY_HOURS;
  const resting = (date: string): boolean => (weeklyHours[WEEKDAYS[weekdayOfEpochDay(epochDayOfIsoDate(date)!)]!] ?? []).length === 0;
  return createWorkCalendar({
    ...rest,
    holidays: [...NATIONAL_HOLIDAYS, ...extraHolidays],
    makeUpWorkdays: [...NATIONAL_MAKE_UP_WORKDAYS.filter(resting), ...extraMakeUpWorkdays],
    knownYears: CHINA_HOLIDAY_YEARS,
  });
}

import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { createWorkCalendar } from './create-work-calendar.js';
import type { WorkCalendar } from './work-calendar.js';
import type { WeeklyHours, Weekday } from './work-calendar-spec.js';

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

// chinese-days' own functions guess past their data (any later date is "Monday to Friday")
// and read dates in the machine's local zone, so only its data file is used: every
// public holiday (法定节假日 with the weekend days of its break) and every make-up
// working day (调休上班日) of the State Council's notices from 2004 on.
const NATIONAL_HOLIDAYS = Object.keys(chineseDays.holidays).sort();
const NATIONAL_MAKE_UP_WORKDAYS = Object.keys(chineseDays.workdays).sort();

const dataYears = NATIONAL_HOLIDAYS.map((date) => Number(date.slice(0, 4)));
/** The years chinese-days has the State Council's notice for (every year has 元旦). */
export const CHINA_HOLIDAY_YEARS: { readonly from: number; readonly to: number } = Object.freeze({ from: Math.min(...dataYears), to: Math.max(...dataYears) });

/**
 * China's working calendar: the national holidays and make-up days from `chinese-days`
 * (see CHINA_HOLIDAY_YEARS), plus a city's own dates. Instants outside those years are
 * refused unless `assumeWeekdaysOutside` is set. Build it once and keep it.
 */
export function chinaWorkCalendar(options: ChinaWorkCalendarOptions = {}): WorkCalendar {
  const { extraHolidays = [], extraMakeUpWorkdays = [], ...rest } = options;
  return createWorkCalendar({
    ...rest,
    holidays: [...NATIONAL_HOLIDAYS, ...extraHolidays],
    makeUpWorkdays: [...NATIONAL_MAKE_UP_WORKDAYS, ...extraMakeUpWorkdays],
    knownYears: CHINA_HOLIDAY_YEARS,
  });
}

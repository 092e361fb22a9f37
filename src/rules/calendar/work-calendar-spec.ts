import { z } from 'zod';

/** Weekday keys, Sunday first, so each index is JavaScript's day number. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** A weekday key of `weeklyHours`; the array index of each is JavaScript's day number (0 = Sunday). */
export type Weekday = (typeof WEEKDAYS)[number];

/** One working range of a day in local wall-clock time, 'HH:mm' to 'HH:mm' ('24:00' ends at midnight). */
export interface WorkingHoursRange {
  start: string;
  end: string;
}

/** Working ranges per weekday; a weekday left out has no working time. */
export type WeeklyHours = Partial<Record<Weekday, readonly WorkingHoursRange[]>>;

/** What {@link createWorkCalendar} takes: time zone, weekly hours, holidays and make-up working days. */
export interface WorkCalendarSpec {
  /** IANA time zone of the working hours and dates; default 'Asia/Shanghai'. */
  timeZone?: string;
  /** Working ranges per weekday; a weekday left out has none. Default Mon–Fri 08:30–12:00 and 14:00–17:30. */
  weeklyHours?: WeeklyHours;
  /** Local dates off ('YYYY-MM-DD'), whatever their weekday. */
  holidays?: readonly string[];
  /** Local dates with no weekly hours that are worked (调休 make-up days), with the hours of `makeUpHoursFrom`. */
  makeUpWorkdays?: readonly string[];
  /** The weekday whose hours a make-up day works; default 'mon'. */
  makeUpHoursFrom?: Weekday;
  /** The years whose holidays and make-up days are known; instants outside are refused. */
  knownYears: { from: number; to: number };
  /** Explicit opt-in: outside `knownYears` (within ASSUMED_WEEKDAYS_YEARS) plain `weeklyHours`, no holidays. */
  assumeWeekdaysOutside?: boolean;
}

/** With `assumeWeekdaysOutside`, the day table spans at least these years (it is built once, so it is finite). */
export const ASSUMED_WEEKDAYS_YEARS = { from: 1970, to: 2100 } as const;
/** Any calendar's years lie within these (the table of a day per date stays a few MB at most). */
export const CALENDAR_YEAR_LIMITS = { from: 1900, to: 2200 } as const;

/** The time zone a work calendar uses by default (China Standard Time). */
export const DEFAULT_WORK_TIME_ZONE = 'Asia/Shanghai';
const OFFICE_DAY: readonly WorkingHoursRange[] = [
  { start: '08:30', end: '12:00' },
  { start: '14:00', end: '17:30' },
];
/** The default office week: Monday to Friday, 08:30–12:00 and 14:00–17:30. */
export const DEFAULT_WEEKLY_HOURS: WeeklyHours = { mon: OFFICE_DAY, tue: OFFICE_DAY, wed: OFFICE_DAY, thu: OFFICE_DAY, fri: OFFICE_DAY };

/** Minutes since local midnight of 'HH:mm' (00:00–23:59, or 24:00). */
export function minutesOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date, or undefined when it is no real date. */
export function epochDayOfIsoDate(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const back = new Date(time);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return time / 86_400_000;
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const TimeSchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, "expected 'HH:mm' from 00:00 to 24:00");
const RangeSchema = z
  .strictObject({ start: TimeSchema, end: TimeSchema })
  // Written as "not ≤" so that a malformed time (NaN minutes, reported by TimeSchema) adds no second issue.
  .refine((range) => !(minutesOfDay(range.end) <= minutesOfDay(range.start)), { message: 'a range must end after it starts', path: ['end'] });
const IsoDateSchema = z.string().refine((date) => epochDayOfIsoDate(date) !== undefined, "expected a real date 'YYYY-MM-DD'");
const WeekdaySchema = z.enum(WEEKDAYS);
const YearSchema = z.int().min(CALENDAR_YEAR_LIMITS.from).max(CALENDAR_YEAR_LIMITS.to);

export const WorkCalendarSpecSchema = z
  .strictObject({
    timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone').default(DEFAULT_WORK_TIME_ZONE),
    weeklyHours: z.partialRecord(WeekdaySchema, z.array(RangeSchema).readonly()).default(DEFAULT_WEEKLY_HOURS),
    holidays: z.array(IsoDateSchema).readonly().default([]),
    makeUpWorkdays: z.array(IsoDateSchema).readonly().default([]),
    makeUpHoursFrom: WeekdaySchema.default('mon'),
    knownYears: z.strictObject({ from: YearSchema, to: YearSchema }).refine((years) => years.from <= years.to, { message: 'from must not be after to', path: ['to'] }),
    assumeWeekdaysOutside: z.boolean().default(false),
  })
  .superRefine((spec, context) => {
    for (const weekday of WEEKDAYS) {
      const ranges = (spec.weeklyHours[weekday] ?? []).map((range, index) => ({ index, start: minutesOfDay(range.start), end: minutesOfDay(range.end) }));
      ranges.sort((a, b) => a.start - b.start);
      for (let i = 1; i < ranges.length; i++) {
        const [before, range] = [ranges[i - 1]!, ranges[i]!];
        if (range.start < before.end) context.addIssue({ code: 'custom', message: `overlaps range ${before.index}`, path: ['weeklyHours', weekday, range.index] });
      }
    }
    const weeklyWorking = WEEKDAYS.some((weekday) => (spec.weeklyHours[weekday] ?? []).length > 0);
    if (!weeklyWorking) context.addIssue({ code: 'custom', message: 'the calendar has no working time at all', path: ['weeklyHours'] });
    if (spec.makeUpWorkdays.length > 0 && (spec.weeklyHours[spec.makeUpHoursFrom] ?? []).length === 0) {
      context.addIssue({ code: 'custom', message: `make-up days work the hours of ${spec.makeUpHoursFrom}, which has none`, path: ['makeUpHoursFrom'] });
    }
    const holidays = new Set(spec.holidays);
    const inKnownYears = (date: string): boolean => Number(date.slice(0, 4)) >= spec.knownYears.from && Number(date.slice(0, 4)) <= spec.knownYears.to;
    spec.holidays.forEach((date, index) => {
      if (epochDayOfIsoDate(date) !== undefined && !inKnownYears(date)) context.addIssue({ code: 'custom', message: `${date} is outside knownYears`, path: ['holidays', index] });
    });
    spec.makeUpWorkdays.forEach((date, index) => {
      const epochDay = epochDayOfIsoDate(date);
      if (epochDay === undefined) return;
      if (!inKnownYears(date)) context.addIssue({ code: 'custom', message: `${date} is outside knownYears`, path: ['makeUpWorkdays', index] });
      if (holidays.has(date)) context.addIssue({ code: 'custom', message: `${date} is both a holiday and a make-up workday`, path: ['makeUpWorkdays', index] });
      const weekday = WEEKDAYS[weekdayOfEpochDay(epochDay)]!;
      if ((spec.weeklyHours[weekday] ?? []).length > 0) context.addIssue({ code: 'custom', message: `${date} is a ${weekday}, already a working day`, path: ['makeUpWorkdays', index] });
    });
  });

/** JavaScript's day number (0 = Sunday) of a day counted from 1970-01-01, a Thursday. */
export function weekdayOfEpochDay(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

import { tz } from '@date-fns/tz';
import { addMonths, format, getMonth, getQuarter, getYear, startOfMonth, startOfQuarter, startOfYear, subDays } from 'date-fns';
import { z } from 'zod';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { BilingualText } from '../../model/kpi-definition.js';
import { type KpiPeriodSpec, KpiPeriodSpecSchema } from '../../model/kpi-period.js';

/** The time zone KPI periods are local to by default (China Standard Time). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * A resolved period: the half-open interval [start, end) in absolute time,
 * whatever its kind. Year, quarter and month run from local midnight of their
 * first day (included) to local midnight of the next period's first day
 * (excluded). Year to date ends one millisecond after the clock `at`, so an
 * instant stamped exactly at `at` is included. Custom ranges keep their own
 * start (included) and end (excluded).
 */
export interface KpiPeriod {
  spec: KpiPeriodSpec;
  /** The first instant included. */
  start: Date;
  /** The first instant excluded. */
  end: Date;
  timeZone: string;
  label: BilingualText;
}

const ResolveOptionsSchema = z
  .object({
    at: z.date(),
    timeZone: z.string().refine(isTimeZone, 'unknown time zone (expected an IANA name such as Asia/Shanghai)').optional(),
  })
  .strict();

/** True for an IANA time zone name this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Resolves a period in the city's time zone (Asia/Shanghai unless told). The clock `at` is passed in. */
export function resolvePeriod(spec: KpiPeriodSpec, options: { at: Date; timeZone?: string }): KpiPeriod {
  const parsedSpec = parseWithSchema(KpiPeriodSpecSchema, spec, 'KPI period');
  const { at, timeZone = DEFAULT_TIME_ZONE } = parseWithSchema(ResolveOptionsSchema, options, 'KPI period options');
  const zone = { in: tz(timeZone) };
  const year = (given: number | undefined): number => given ?? getYear(at, zone);
  const startOf = (y: number, monthIndex: number): Date => new Date(startOfMonth(new Date(Date.UTC(y, monthIndex, 15)), zone).getTime());
  // Never empty: year to date holds at least the instant `at`, and custom ranges are checked by the schema.
  const make = (start: Date, end: Date): KpiPeriod => ({ spec: parsedSpec, start, end, timeZone, label: periodLabel(parsedSpec, start, end, timeZone) });
  switch (parsedSpec.kind) {
    case 'yearToDate':
      // Instants are whole milliseconds, so [start, at + 1 ms) is [start, at].
      return make(new Date(startOfYear(at, zone).getTime()), new Date(at.getTime() + 1));
    case 'year': {
      const y = year(parsedSpec.year);
      return make(startOf(y, 0), startOf(y + 1, 0));
    }
    case 'quarter': {
      const y = year(parsedSpec.year);
      const quarter = parsedSpec.quarter ?? getQuarter(at, zone);
      return make(startOf(y, (quarter - 1) * 3), startOf(y, quarter * 3));
    }
    case 'month': {
      const y = year(parsedSpec.year);
      const month = (parsedSpec.month ?? getMonth(at, zone) + 1) - 1;
      return make(startOf(y, month), startOf(y, month + 1));
    }
    case 'custom':
      return make(parsedSpec.start, parsedSpec.end);
  }
}

/**
 * The period of the same length just before: the previous year, quarter or
 * month; for year to date the same span of the previous year (去年同期);
 * for a custom range the equally long range ending where it starts.
 */
export function previousPeriod(period: KpiPeriod): KpiPeriod {
  const zone = { in: tz(period.timeZone) };
  const { spec, start, end } = period;
  const shift = (monthsBack: number): KpiPeriod => {
    const previousStart = new Date(addMonths(start, -monthsBack, zone).getTime());
    const previousEnd = new Date(addMonths(end, -monthsBack, zone).getTime());
    return { ...period, spec: specAt(spec, previousStart, zone), start: previousStart, end: previousEnd, label: periodLabel(spec, previousStart, previousEnd, period.timeZone) };
  };
  switch (spec.kind) {
    case 'yearToDate':
    case 'year':
      return shift(12);
    case 'quarter':
      return shift(3);
    case 'month':
      return shift(1);
    case 'custom': {
      const length = end.getTime() - start.getTime();
      const previousSpec: KpiPeriodSpec = { kind: 'custom', start: new Date(start.getTime() - length), end: start };
      return { ...period, spec: previousSpec, start: previousSpec.start, end: previousSpec.end, label: periodLabel(previousSpec, previousSpec.start, previousSpec.end, period.timeZone) };
    }
  }
}

function specAt(spec: KpiPeriodSpec, start: Date, zone: { in: ReturnType<typeof tz> }): KpiPeriodSpec {
  switch (spec.kind) {
    case 'year':
      return { kind: 'year', year: getYear(start, zone) };
    case 'quarter':
      return { kind: 'quarter', year: getYear(start, zone), quarter: getQuarter(start, zone) };
    case 'month':
      return { kind: 'month', year: getYear(start, zone), month: getMonth(start, zone) + 1 };
    default:
      return spec;
  }
}

/** True when the instant `time` (epoch ms) lies in [start, end). */
export function periodContains(period: Pick<KpiPeriod, 'start' | 'end'>, time: number): boolean {
  return time >= period.start.getTime() && time < period.end.getTime();
}

function periodLabel(spec: KpiPeriodSpec, start: Date, end: Date, timeZone: string): BilingualText {
  const zone = { in: tz(timeZone) };
  const y = getYear(start, zone);
  switch (spec.kind) {
    case 'year':
      return { zh: `${y}年`, en: `${y}` };
    case 'quarter':
      return { zh: `${y}年第${getQuarter(start, zone)}季度`, en: `Q${getQuarter(start, zone)} ${y}` };
    case 'month':
      return { zh: `${y}年${getMonth(start, zone) + 1}月`, en: format(start, 'MMMM yyyy', zone) };
    case 'yearToDate': {
      // The end is the clock plus the one excluded millisecond: the label names the clock's day.
      const last = new Date(end.getTime() - 1);
      return {
        zh: `今年以来（${format(start, 'yyyy年M月d日', zone)}至${format(last, 'M月d日', zone)}）`,
        en: `year to date (${format(start, 'd MMM', zone)} – ${format(last, 'd MMM yyyy', zone)})`,
      };
    }
    case 'custom': {
      // The end is excluded, so the label names the last day included.
      const last = isMidnight(end, zone) ? subDays(end, 1, zone) : end;
      return {
        zh: `${format(start, 'yyyy年M月d日', zone)}至${format(last, 'yyyy年M月d日', zone)}`,
        en: `${format(start, 'd MMM yyyy', zone)} – ${format(last, 'd MMM yyyy', zone)}`,
      };
    }
  }
}

function isMidnight(date: Date, zone: { in: ReturnType<typeof tz> }): boolean {
  return format(date, 'HH:mm:ss.SSS', zone) === '00:00:00.000';
}

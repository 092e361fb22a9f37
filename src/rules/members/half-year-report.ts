import { z } from 'zod';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { HalfYear } from '../../model/registration.js';
import { isTimeZone } from '../kpi/period.js';
import { localDateOf, localMidnight } from './local-date.js';

const MonthDay = z
  .object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) })
  .strict()
  .refine(({ month, day }) => day <= new Date(Date.UTC(2001, month, 0)).getUTCDate(), { message: 'no such day in that month', path: ['day'] });

/**
 * When each half year's report to the community is due (Foshan: by 30 June), as a day of the city's
 * calendar: the report is on time until that day ends, local time. H1's deadline lies in its own year;
 * so does H2's (31 December by default).
 */
export const ReportPolicySchema = z
  .object({
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone'),
    deadlines: z.object({ H1: MonthDay, H2: MonthDay }).strict(),
  })
  .strict();
/** The half-year report policy. */
export type ReportPolicy = z.infer<typeof ReportPolicySchema>;
/** Input of {@link ReportPolicy}. */
export type ReportPolicyInput = z.input<typeof ReportPolicySchema>;

/** The default half-year report policy. */
export const DEFAULT_REPORT_POLICY: ReportPolicy = { timeZone: 'Asia/Shanghai', deadlines: { H1: { month: 6, day: 30 }, H2: { month: 12, day: 31 } } };

/** A checked report policy (defaults: Asia/Shanghai, 30 June and 31 December). */
export function reportPolicy(input: Partial<ReportPolicyInput> = {}): ReportPolicy {
  return parseWithSchema(ReportPolicySchema, { ...DEFAULT_REPORT_POLICY, ...input }, 'reportPolicy');
}

/** The half year an instant falls in, in the city's calendar. */
export function halfYearOf(at: Date, timeZone: string): HalfYear {
  const { year, month } = localDateOf(at.getTime(), timeZone);
  return `${year}-H${month <= 6 ? 1 : 2}`;
}

/** The instant a half year's report stops being on time: local midnight ending its deadline day. */
export function reportDeadline(halfYear: HalfYear, policy: ReportPolicy): Date {
  const year = Number(halfYear.slice(0, 4));
  const { month, day } = halfYear.endsWith('H1') ? policy.deadlines.H1 : policy.deadlines.H2;
  return new Date(localMidnight(policy.timeZone, year, month, day + 1));
}

/** Whether a report made at `at` for `halfYear` is on time. */
export function isReportOnTime(halfYear: HalfYear, at: Date, policy: ReportPolicy): boolean {
  return at.getTime() < reportDeadline(halfYear, policy).getTime();
}

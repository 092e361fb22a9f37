import { z } from 'zod';

/**
 * A reporting period. Omitted year, quarter or month default to the one that
 * contains the clock `at`, in the city's time zone. Bounds, by kind:
 * - yearToDate: [00:00 on 1 January of the year of `at`, `at`]: both included;
 * - year, quarter, month: [00:00 on its first day, 00:00 on the first day of
 *   the next one): start included, end excluded, both local to the city;
 * - custom: [start, end): start included, end excluded.
 */
export const KpiPeriodSpecSchema = z.discriminatedUnion('kind', [
  /** 今年以来: from local midnight on 1 January of the year containing `at` (included) up to `at` (included). */
  z.object({ kind: z.literal('yearToDate') }).strict(),
  /** [1 January 00:00, next 1 January 00:00), local. */
  z.object({ kind: z.literal('year'), year: z.number().int().min(1900).max(9999).optional() }).strict(),
  /** [first day of the quarter 00:00, first day of the next quarter 00:00), local. */
  z.object({ kind: z.literal('quarter'), year: z.number().int().min(1900).max(9999).optional(), quarter: z.number().int().min(1).max(4).optional() }).strict(),
  /** [first day of the month 00:00, first day of the next month 00:00), local. */
  z.object({ kind: z.literal('month'), year: z.number().int().min(1900).max(9999).optional(), month: z.number().int().min(1).max(12).optional() }).strict(),
  /** [start, end): start included, end excluded. */
  z
    .object({ kind: z.literal('custom'), start: z.date(), end: z.date() })
    .strict()
    .refine((period) => period.start.getTime() < period.end.getTime(), { message: 'start must be before end', path: ['end'] }),
]);
/** Which period a KPI covers: year to date, a year, quarter or month, or a custom range. */
export type KpiPeriodSpec = z.infer<typeof KpiPeriodSpecSchema>;

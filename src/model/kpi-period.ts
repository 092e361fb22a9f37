import { z } from 'zod';

/**
 * A reporting period. Omitted year, quarter or month default to the one that
 * contains the clock `at`, in the city's time zone.
 */
export const KpiPeriodSpecSchema = z.discriminatedUnion('kind', [
  /** 今年以来: from 1 January of the year containing `at`, up to `at`. */
  z.object({ kind: z.literal('yearToDate') }).strict(),
  z.object({ kind: z.literal('year'), year: z.number().int().min(1900).max(9999).optional() }).strict(),
  z.object({ kind: z.literal('quarter'), year: z.number().int().min(1900).max(9999).optional(), quarter: z.number().int().min(1).max(4).optional() }).strict(),
  z.object({ kind: z.literal('month'), year: z.number().int().min(1900).max(9999).optional(), month: z.number().int().min(1).max(12).optional() }).strict(),
  /** [start, end): start included, end excluded. */
  z
    .object({ kind: z.literal('custom'), start: z.date(), end: z.date() })
    .strict()
    .refine((period) => period.start.getTime() < period.end.getTime(), { message: 'start must be before end', path: ['end'] }),
]);
export type KpiPeriodSpec = z.infer<typeof KpiPeriodSpecSchema>;

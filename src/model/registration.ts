import { z } from 'zod';
import { NodeIdSchema } from './hierarchy-node.js';
import { IsoDateTimeSchema } from './need.js';

/** A half year, as `2019-H1` (January to June) or `2019-H2`, in the city's calendar. */
export const HalfYearSchema = z.string().regex(/^\d{4}-H[12]$/, 'a half year is written YYYY-H1 or YYYY-H2');
/** A half of a year (H1 or H2). */
export type HalfYear = z.infer<typeof HalfYearSchema>;

/** One half-yearly report to the community (每半年报到): when it came and whether it beat the deadline. */
export const HalfYearReportSchema = z
  .object({ halfYear: HalfYearSchema, reportedAt: IsoDateTimeSchema, onTime: z.boolean() })
  .strict();
/** A member's half-year report. */
export type HalfYearReport = z.infer<typeof HalfYearReportSchema>;

/**
 * A member's registration with their home community (在职党员进社区报到): made once (its id is
 * the member's), then reported every half year.
 */
export const RegistrationSchema = z
  .object({
    id: NodeIdSchema,
    memberId: NodeIdSchema,
    communityId: NodeIdSchema,
    /** The member's workplace unit when registering: the unit the service is reported back to. */
    unitId: NodeIdSchema,
    registeredAt: IsoDateTimeSchema,
    reports: z.array(HalfYearReportSchema),
  })
  .strict();
/** A party member's registration with a community. */
export type Registration = z.infer<typeof RegistrationSchema>;

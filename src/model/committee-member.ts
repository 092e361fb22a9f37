import { z } from 'zod';
import { personalData } from '../access/personal-data.js';
import { NodeIdSchema } from './hierarchy-node.js';

/** Full-time (专职) or part-time (兼职) seat on a community party committee. */
export const COMMITTEE_TENURES = ['full-time', 'part-time'] as const;
/** Validates a {@link CommitteeTenure}. */
export const CommitteeTenureSchema = z.enum(COMMITTEE_TENURES);
/** Full-time (专职) or part-time (兼职) committee seat. */
export type CommitteeTenure = z.infer<typeof CommitteeTenureSchema>;

/** The appointment steps 推荐 → 筛选 → 上级批复 → 聘用 → 公示, and a candidate dropped on the way. */
export const APPOINTMENT_STATUSES = ['recommended', 'screened', 'approved', 'appointed', 'announced', 'rejected'] as const;
/** Validates an {@link AppointmentStatus}. */
export const AppointmentStatusSchema = z.enum(APPOINTMENT_STATUSES);
/** Where a committee member is in the appointment steps. */
export type AppointmentStatus = z.infer<typeof AppointmentStatusSchema>;

/** The steps at which a member sits on the committee and counts for its size. */
export const SEATED_STATUSES: readonly AppointmentStatus[] = ['appointed', 'announced'];

/** A member (or candidate) of a community party committee; part-time members (兼职委员) come from a unit. */
export const CommitteeMemberSchema = z
  .object({
    id: NodeIdSchema,
    name: z.string().min(1).register(personalData, { kind: 'name' }),
    /** The community party organisation whose committee the seat is on. */
    committeeId: NodeIdSchema,
    tenure: CommitteeTenureSchema,
    /** The unit a part-time member comes from. */
    homeUnitId: NodeIdSchema.optional(),
    status: AppointmentStatusSchema,
  })
  .strict()
  .refine((member) => member.tenure === 'full-time' || member.homeUnitId !== undefined, { path: ['homeUnitId'], message: 'a part-time member comes from a unit: homeUnitId is required' });
/** A member or candidate of a community party committee, as validated by `CommitteeMemberSchema`. */
export type CommitteeMember = z.infer<typeof CommitteeMemberSchema>;

/** Size and part-time share of a community party committee. */
export const CommitteeRulesSchema = z
  .object({
    minMembers: z.number().int().min(0),
    maxMembers: z.number().int().min(1),
    /** At least this percentage of seated members are part-time. */
    minPartTimePercent: z.number().int().min(0).max(100),
  })
  .strict()
  .refine((rules) => rules.minMembers <= rules.maxMembers, { path: ['minMembers'], message: 'minMembers must not exceed maxMembers' });
/** Size limits and minimum part-time share of a community party committee. */
export type CommitteeRules = z.infer<typeof CommitteeRulesSchema>;

/** The common practice: 5–9 members, at least 20% of them part-time. */
export const COMMITTEE_RULES: Readonly<CommitteeRules> = Object.freeze({ minMembers: 5, maxMembers: 9, minPartTimePercent: 20 });

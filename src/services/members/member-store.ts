import { z } from 'zod';
import type { Store } from '../../adapters/store.js';
import { MemberSchema } from '../../model/member.js';
import { RegistrationSchema } from '../../model/registration.js';
import { PostClaimSchema, ServicePostSchema } from '../../model/service-post.js';
import { ActivitySchema, PointRedemptionSchema, ServiceRecordSchema } from '../../model/volunteer-activity.js';

/** The kinds the in-service member operations read and write; spread them into your store's kinds. */
export const MEMBER_KINDS = {
  member: MemberSchema,
  registration: RegistrationSchema,
  servicePost: ServicePostSchema,
  postClaim: PostClaimSchema,
  activity: ActivitySchema,
  serviceRecord: ServiceRecordSchema,
  pointRedemption: PointRedemptionSchema,
} as const;
/** The store kinds for members. */
export type MemberKinds = typeof MEMBER_KINDS;
/** A store for members. */
export type MemberStore = Store<MemberKinds>;

/** Who acts (written to the audit log) and when: every member operation takes both. */
export const MemberOperationContextSchema = z.object({ actor: z.string().min(1), at: z.date() });

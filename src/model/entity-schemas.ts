import { PersonalDataAccessSchema } from '../access/personal-data-access.js';
import { ClaimSchema } from './claim.js';
import { CommitteeMemberSchema } from './committee-member.js';
import { ContactPointSchema, LeaderSchema } from './contact-point.js';
import { ContactVisitRecordSchema } from './contact-visit-record.js';
import { DepartmentSchema } from './department.js';
import { GridEventSchema } from './grid-event.js';
import { HierarchyNodeSchema } from './hierarchy-node.js';
import { JointMeetingSchema } from './joint-meeting.js';
import { KpiDefinitionSchema } from './kpi-definition.js';
import { MeetingResolutionSchema } from './meeting-resolution.js';
import { MeetingTaskSchema } from './meeting-task.js';
import { MemberSchema } from './member.js';
import { NeedSchema } from './need.js';
import { PartyOrganisationSchema } from './party-organisation.js';
import { ProjectSchema } from './project.js';
import { RegistrationSchema } from './registration.js';
import { ResourceSchema } from './resource.js';
import { PostClaimSchema, ServicePostSchema } from './service-post.js';
import { SocialOrganisationSchema } from './social-organisation.js';
import { UnitSchema } from './unit.js';
import { ActivitySchema, PointRedemptionSchema, ServiceRecordSchema } from './volunteer-activity.js';
import { WishSchema } from './wish.js';

/**
 * Every entity's zod schema by file name. The build writes each as JSON Schema
 * (`z.toJSONSchema`) to `dist/schemas/<name>.json`, published as
 * `civic-grid/schemas/<name>.json`, so a service in another language validates the same
 * records. A new entity adds one line here.
 */
export const ENTITY_SCHEMAS = {
  'hierarchy-node': HierarchyNodeSchema,
  need: NeedSchema,
  resource: ResourceSchema,
  claim: ClaimSchema,
  project: ProjectSchema,
  unit: UnitSchema,
  department: DepartmentSchema,
  'grid-event': GridEventSchema,
  'party-organisation': PartyOrganisationSchema,
  'contact-point': ContactPointSchema,
  'committee-member': CommitteeMemberSchema,
  'joint-meeting': JointMeetingSchema,
  'meeting-task': MeetingTaskSchema,
  'meeting-resolution': MeetingResolutionSchema,
  leader: LeaderSchema,
  'contact-visit': ContactVisitRecordSchema,
  'social-organisation': SocialOrganisationSchema,
  wish: WishSchema,
  member: MemberSchema,
  registration: RegistrationSchema,
  'service-post': ServicePostSchema,
  'post-claim': PostClaimSchema,
  activity: ActivitySchema,
  'service-record': ServiceRecordSchema,
  'point-redemption': PointRedemptionSchema,
  'kpi-definition': KpiDefinitionSchema,
  'personal-data-access': PersonalDataAccessSchema,
} as const;

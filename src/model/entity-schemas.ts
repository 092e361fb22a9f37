import { PersonalDataAccessSchema } from '../access/personal-data-access.js';
import { ClaimSchema } from './claim.js';
import { CommitteeMemberSchema } from './committee-member.js';
import { ContactPointSchema } from './contact-point.js';
import { DepartmentSchema } from './department.js';
import { GridEventSchema } from './grid-event.js';
import { HierarchyNodeSchema } from './hierarchy-node.js';
import { JointMeetingSchema } from './joint-meeting.js';
import { KpiDefinitionSchema } from './kpi-definition.js';
import { MeetingTaskSchema } from './meeting-task.js';
import { NeedSchema } from './need.js';
import { PartyOrganisationSchema } from './party-organisation.js';
import { ProjectSchema } from './project.js';
import { ResourceSchema } from './resource.js';
import { UnitSchema } from './unit.js';

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
  'kpi-definition': KpiDefinitionSchema,
  'personal-data-access': PersonalDataAccessSchema,
} as const;

import { SEATED_STATUSES, CommitteeMemberSchema } from '../../model/committee-member.js';
import { ContactPointSchema } from '../../model/contact-point.js';
import { ContactVisitRecordSchema } from '../../model/contact-visit-record.js';
import { AGENDA_CATEGORY_LABELS, DEFAULT_AGENDA_CATEGORIES, JointMeetingSchema } from '../../model/joint-meeting.js';
import type { KpiDefinition, KpiFilter } from '../../model/kpi-definition.js';
import { MeetingResolutionSchema } from '../../model/meeting-resolution.js';
import { MeetingTaskSchema } from '../../model/meeting-task.js';
import { INCUBATION_STAGE_LABELS, INCUBATION_STAGES, ORGANISATION_TARGETS, ORGANISATION_TYPE_LABELS, ORGANISATION_TYPES, SocialOrganisationSchema } from '../../model/social-organisation.js';
import type { KpiEntityRegistry } from './entity-registry.js';

/** Registers the party-building kinds, named as MEETING_KINDS, CONTACT_POINT_KINDS, COMMITTEE_KINDS and ORGANISATION_KINDS name them in a store. */
export function withPartyBuildingKinds(registry: KpiEntityRegistry): KpiEntityRegistry {
  return registry
    .with('jointMeeting', JointMeetingSchema)
    .with('meetingResolution', MeetingResolutionSchema)
    .with('meetingTask', MeetingTaskSchema)
    .with('contactPoint', ContactPointSchema)
    .with('contactVisit', ContactVisitRecordSchema)
    .with('committeeMember', CommitteeMemberSchema)
    .with('socialOrganisation', SocialOrganisationSchema);
}

const TONGCHUAN = 'Tongchuan municipal Party committee organisation department, 《汇聚发展合力，走活城市基层党建一盘棋》 (2020-07-13)';
const MINFA_191 = '民发〔2017〕191号: ≥ 10 community social organisations per urban community, ≥ 5 per rural one';
const text = (zh: string, en: string) => ({ zh, en });
const SEATED: KpiFilter = { status: { in: [...SEATED_STATUSES] } };
const ACTIVE_ORGANISATION: KpiFilter = { stage: { ne: 'exited' } };

const meetings: KpiDefinition[] = [
  {
    id: 'meetings.held',
    label: text('召开联席会议', 'joint meetings held'),
    description: text('本期召开的辖区单位参与的议事决事会议', 'joint meetings with resident units held in the period'),
    kind: 'count',
    entity: 'jointMeeting',
    filter: { status: { eq: 'held' } },
    dateField: 'heldAt',
    formula: text('本期已召开的会议数', 'meetings held in the period'),
    source: `${TONGCHUAN}: 180+ meetings`,
    tag: 'L',
  },
  {
    id: 'meetings.mattersSettled',
    label: text('解决社区事项', 'community matters settled'),
    description: text('本期会议决议解决的社区事项', 'community matters settled by the resolutions of meetings in the period'),
    kind: 'count',
    entity: 'meetingResolution',
    dateField: 'settledAt',
    formula: text('决议数（一项决议解决一个议题）', 'resolutions (each settles one agenda matter)'),
    source: `${TONGCHUAN}: 36 matters`,
    tag: 'L',
  },
  {
    id: 'meetings.matterCategories',
    label: text('事项类别', 'categories of matters settled'),
    description: text('本期解决事项涉及的类别数', 'distinct categories among the matters settled in the period'),
    kind: 'distinct',
    field: 'category',
    entity: 'meetingResolution',
    dateField: 'settledAt',
    formula: text('决议类别去重计数', 'distinct categories over resolutions'),
    source: `${TONGCHUAN}: 5 categories`,
    tag: 'L',
  },
  ...DEFAULT_AGENDA_CATEGORIES.map(
    (category): KpiDefinition => ({
      id: `meetings.mattersSettled.${category}`,
      label: text(`解决事项：${AGENDA_CATEGORY_LABELS[category].zh}`, `matters settled: ${AGENDA_CATEGORY_LABELS[category].en}`),
      description: text(`本期解决的${AGENDA_CATEGORY_LABELS[category].zh}类事项`, `matters of ${AGENDA_CATEGORY_LABELS[category].en} settled in the period`),
      kind: 'count',
      entity: 'meetingResolution',
      filter: { category: { eq: category } },
      dateField: 'settledAt',
      formula: text('该类别的决议数', 'resolutions of the category'),
      source: `${TONGCHUAN}: the five categories`,
      tag: 'L',
    }),
  ),
  {
    id: 'meetings.tasksOverdue',
    label: text('逾期任务', 'tasks overdue'),
    description: text('本期到期而未按期完成的会议任务', 'meeting tasks that fell overdue in the period (past due, not done)'),
    kind: 'count',
    entity: 'meetingTask',
    filter: { overdueSince: { exists: true } },
    dateField: 'overdueSince',
    target: { direction: 'atMost', value: 0, atRisk: 2 },
    formula: text('标记逾期的任务数（见 flagOverdueTasks）', 'tasks marked overdue (see flagOverdueTasks)'),
    source: 'joint-meeting charters: overdue decisions must report cause and remedy',
    tag: 'L',
  },
];

const contactPoints: KpiDefinition[] = [
  {
    id: 'contactPoints.held',
    label: text('党建联系点', 'leaders’ contact points'),
    description: text('领导干部党建联系点（存量）', 'leaders’ party-building contact points (a stock, whatever the period)'),
    kind: 'count',
    entity: 'contactPoint',
    formula: text('联系点数', 'contact points'),
    source: `${TONGCHUAN}: 300+ contact points`,
    tag: 'L',
  },
  {
    id: 'contactPoints.leaders',
    label: text('包联领导干部', 'leaders holding points'),
    description: text('持有联系点的不同领导干部（存量）', 'distinct leaders holding a contact point (a stock)'),
    kind: 'distinct',
    field: 'leaderId',
    entity: 'contactPoint',
    formula: text('联系点领导去重计数', 'distinct leaders over contact points'),
    source: `${TONGCHUAN}: 领导干部党建联系点制度`,
    tag: 'L',
  },
  {
    id: 'contactPoints.communityCoverage',
    label: text('联系点覆盖社区', 'communities covered by contact points'),
    description: text('有领导干部联系点的社区占比（全覆盖）', 'share of communities holding a leader’s contact point (全覆盖)'),
    kind: 'coverage',
    level: 'community',
    entity: 'contactPoint',
    target: { direction: 'equal', value: 1, atRisk: 0.1 },
    formula: text('有联系点的社区 / 全部社区', 'communities with a contact point / all communities'),
    source: `${TONGCHUAN}: 全覆盖`,
    tag: 'L',
  },
  {
    id: 'contactPoints.visits',
    label: text('联系点走访', 'contact point visits'),
    description: text('本期领导干部到联系点走访次数', 'leaders’ visits to their contact points in the period'),
    kind: 'count',
    entity: 'contactVisit',
    dateField: 'date',
    formula: text('走访记录数', 'visits recorded'),
    source: 'common practice: at least 5 visits a year per point',
    tag: 'L',
  },
  {
    id: 'contactPoints.issuesSolved',
    label: text('走访解决问题', 'issues solved on visits'),
    description: text('本期走访解决的实际问题', 'issues solved on the visits of the period'),
    kind: 'sum',
    field: 'issuesSolved',
    entity: 'contactVisit',
    dateField: 'date',
    formula: text('走访解决问题数之和', 'sum of issues solved per visit'),
    source: `${TONGCHUAN}: 解决实际问题`,
    tag: 'L',
  },
];

const committee: KpiDefinition[] = [
  {
    id: 'committee.partTimeMembers',
    label: text('兼职委员', 'part-time committee members'),
    description: text('在任的社区党组织兼职委员（存量）', 'part-time members (兼职委员) seated on party committees (a stock)'),
    kind: 'count',
    entity: 'committeeMember',
    filter: { ...SEATED, tenure: { eq: 'part-time' } },
    formula: text('已聘用或已公示的兼职委员数', 'part-time members appointed or announced'),
    source: `${TONGCHUAN}: 48 part-time members`,
    tag: 'L',
  },
  {
    id: 'committee.partTimeShare',
    label: text('兼职委员占比', 'part-time share of committee seats'),
    description: text('在任委员中兼职委员的比例；在社区一级即该社区党组织的占比', 'share of seated members who are part-time; at a community, that committee’s share'),
    kind: 'ratio',
    entity: 'committeeMember',
    numerator: { kind: 'count', filter: { ...SEATED, tenure: { eq: 'part-time' } } },
    denominator: { kind: 'count', filter: SEATED },
    target: { direction: 'atLeast', value: 0.2, atRisk: 0.05 },
    formula: text('兼职委员 / 在任委员', 'part-time seated / seated'),
    source: 'common practice: 5–9 members, at least 20% part-time',
    tag: 'L',
  },
];

const organisations: KpiDefinition[] = [
  {
    id: 'organisations.active',
    label: text('社区社会组织', 'community social organisations'),
    description: text('在册的社区社会组织（不含退出，存量）', 'community social organisations on record, exited ones aside (a stock)'),
    kind: 'count',
    entity: 'socialOrganisation',
    filter: ACTIVE_ORGANISATION,
    formula: text('未退出的组织数', 'organisations not exited'),
    source: `${TONGCHUAN}: 170+ in Wangyi; ${MINFA_191}`,
    tag: 'L',
  },
  {
    id: 'organisations.communitiesMeetingTarget',
    label: text('社会组织数量达标社区占比', 'communities meeting the organisations target'),
    description: text(
      `未退出的社区社会组织城市社区不少于${ORGANISATION_TARGETS.urban}个、农村社区不少于${ORGANISATION_TARGETS.rural}个的社区比例（存量）`,
      `share of communities holding at least ${ORGANISATION_TARGETS.urban} organisations not exited (${ORGANISATION_TARGETS.rural} for a rural one) (a stock)`,
    ),
    kind: 'coverage',
    entity: 'socialOrganisation',
    filter: ACTIVE_ORGANISATION,
    level: 'community',
    minRecords: ORGANISATION_TARGETS.urban,
    minRecordsByArea: { rural: ORGANISATION_TARGETS.rural },
    formula: text(
      `达标社区 / 社区；城市社区 ≥ ${ORGANISATION_TARGETS.urban}，农村社区（area: rural）≥ ${ORGANISATION_TARGETS.rural}；各社区明细见 checkOrganisationTargets`,
      `communities at target / communities; urban ≥ ${ORGANISATION_TARGETS.urban}, rural (area: rural) ≥ ${ORGANISATION_TARGETS.rural}; per community: checkOrganisationTargets`,
    ),
    source: MINFA_191,
    tag: 'L',
  },
  ...ORGANISATION_TYPES.map(
    (type): KpiDefinition => ({
      id: `organisations.type.${type}`,
      label: text(`社会组织：${ORGANISATION_TYPE_LABELS[type].zh}`, `organisations: ${ORGANISATION_TYPE_LABELS[type].en}`),
      description: text(`未退出的${ORGANISATION_TYPE_LABELS[type].zh}社区社会组织（存量）`, `organisations of ${ORGANISATION_TYPE_LABELS[type].en}, exited ones aside (a stock)`),
      kind: 'count',
      entity: 'socialOrganisation',
      filter: { ...ACTIVE_ORGANISATION, type: { eq: type } },
      formula: text('该类型未退出的组织数', 'organisations of the type not exited'),
      source: `${MINFA_191} (priority types); Sichuan 暂行办法 (文体活动类, 社区事务类)`,
      tag: 'L',
    }),
  ),
  ...INCUBATION_STAGES.map(
    (stage): KpiDefinition => ({
      id: `organisations.stage.${stage}`,
      label: text(`孵化阶段：${INCUBATION_STAGE_LABELS[stage].zh}`, `incubation stage: ${INCUBATION_STAGE_LABELS[stage].en}`),
      description: text(`处于${INCUBATION_STAGE_LABELS[stage].zh}的社区社会组织（存量）`, `organisations at the ${INCUBATION_STAGE_LABELS[stage].en} stage (a stock)`),
      kind: 'count',
      entity: 'socialOrganisation',
      filter: { stage: { eq: stage } },
      formula: text('该阶段的组织数', 'organisations at the stage'),
      source: 'incubation-base practice, e.g. Xinyang (2025): 萌芽期, 初创期, 重点扶持 groups; no national stage list',
      tag: 'L',
    }),
  ),
];

/** Joint meetings, contact points, part-time committee members and community organisations: in the standard pack. */
export const PARTY_BUILDING_KPI_DEFINITIONS: readonly KpiDefinition[] = [...meetings, ...contactPoints, ...committee, ...organisations];

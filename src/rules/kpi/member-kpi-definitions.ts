import type { KpiDefinition } from '../../model/kpi-definition.js';
import { MemberSchema } from '../../model/member.js';
import { RegistrationSchema } from '../../model/registration.js';
import { PostClaimSchema } from '../../model/service-post.js';
import { ActivitySchema, ServiceRecordSchema } from '../../model/volunteer-activity.js';
import { pointRules } from '../members/point-rules.js';
import type { KpiEntityRegistry } from './entity-registry.js';

/** The in-service member kinds the KPIs read (member, registration, postClaim, activity, serviceRecord). */
export function withMemberKpiKinds(registry: KpiEntityRegistry): KpiEntityRegistry {
  return registry.with('member', MemberSchema).with('registration', RegistrationSchema).with('postClaim', PostClaimSchema).with('activity', ActivitySchema).with('serviceRecord', ServiceRecordSchema);
}

const text = (zh: string, en: string) => ({ zh, en });
const ACCOUNT = 'Tongchuan municipal Party committee organisation department, 《汇聚发展合力，走活城市基层党建一盘棋》 (2020-07-13)';
const PRACTICE = 'in-service party members registering with their home community (在职党员进社区报到), e.g. Foshan, Xingtai Qiaoxi';

/** The default pass mark: 50 hours of service a year score the 60 points of a pass. */
const PASS_MARK_HOURS = pointRules('default').passMark.hours;
/** The registration rate a unit must reach to keep its rating eligibility. */
const UNIT_MIN_RATE = 0.95;
const UNIT_REGISTRATION = { kind: 'ratio', numerator: { kind: 'count', filter: { registeredAt: { exists: true } } }, denominator: { kind: 'count' } } as const;

/**
 * The in-service member figures (在职党员进社区报到) the KPI engine counts and sums, and groups
 * (`groupCount`): members past the 50-hour pass mark, the same figure as the rules
 * `serviceHoursByMember` then `membersPastPassMark`; units below 95% registration and the share of
 * units at or above it, as `unitServiceRates` computes each unit's registration rate. A unit's
 * service rate (members with a service record / members) joins two kinds, which one KPI cannot:
 * it stays the rule's. Registrations are a stock: counted whatever the period, at the member's home
 * community; at a node below the city a unit's rate is that of its members living there.
 */
export const MEMBER_KPI_DEFINITIONS: readonly KpiDefinition[] = [
  {
    id: 'members.registered',
    label: text('到社区报到的在职党员', 'in-service members registered'),
    description: text('已到居住社区报到的在职党员（存量）', 'in-service party members registered with their home community (a stock)'),
    kind: 'count',
    entity: 'registration',
    formula: text('报到记录数', 'registrations'),
    source: `${ACCOUNT}: 15,000 in-service members registered in 2019`,
    tag: 'L',
  },
  {
    id: 'members.registrationRate',
    label: text('在职党员报到率', 'member registration rate'),
    description: text('居住在本辖区的在职党员中已报到的比例（存量）', 'share of the in-service members living in the area who registered (a stock)'),
    kind: 'ratio',
    entity: 'member',
    numerator: { kind: 'count', filter: { registeredAt: { exists: true } } },
    denominator: { kind: 'count' },
    target: { direction: 'atLeast', value: 0.95, atRisk: 0.05 },
    formula: text('已报到党员 / 在职党员', 'members registered / in-service members'),
    source: `${PRACTICE}: a unit below 95% loses its rating eligibility`,
    tag: 'L',
  },
  {
    id: 'servicePosts.claimed',
    label: text('认领服务岗位', 'service posts claimed'),
    description: text('本期在职党员认领的服务岗位', 'service posts (服务岗位) claimed by members in the period'),
    kind: 'count',
    entity: 'postClaim',
    dateField: 'claimedAt',
    formula: text('认领日期在本期内的岗位认领数', 'post claims made in the period'),
    source: `${ACCOUNT}: members registered and claimed service posts (认领服务岗位)`,
    tag: 'L',
  },
  {
    id: 'activities.held',
    label: text('志愿服务活动', 'volunteer activities held'),
    description: text('本期举办的志愿服务活动', 'volunteer activities (志愿服务活动) held in the period'),
    kind: 'count',
    entity: 'activity',
    dateField: 'heldAt',
    formula: text('举办日期在本期内的活动数', 'activities held in the period'),
    source: `${ACCOUNT}: 1,450+ volunteer activities in 2019`,
    tag: 'L',
  },
  {
    id: 'members.serviceHours',
    label: text('志愿服务时长', 'service hours'),
    description: text('本期在职党员参加志愿服务活动的时长之和', 'hours of service by members at the activities held in the period'),
    kind: 'sum',
    field: 'hours',
    decimals: 1,
    entity: 'serviceRecord',
    dateField: 'heldAt',
    formula: text('各服务记录时长之和（小时）', 'sum of the service records’ hours'),
    source: `${PRACTICE}: at least 50 hours of service a year (Xingtai Qiaoxi)`,
    tag: 'L',
  },
  {
    id: 'members.serving',
    label: text('参加服务的党员', 'members serving'),
    description: text('本期至少参加一次志愿服务活动的不同党员', 'distinct members with at least one service record in the period'),
    kind: 'distinct',
    field: 'memberId',
    entity: 'serviceRecord',
    dateField: 'heldAt',
    formula: text('服务记录的党员去重计数', 'distinct members over service records'),
    source: `${PRACTICE}: service records go back to the member's unit each quarter`,
    tag: 'L',
  },
  {
    id: 'members.pastPassMark',
    label: text('服务时长达标党员', 'members past the 50-hour pass mark'),
    description: text(`本期志愿服务时长累计达到${PASS_MARK_HOURS}小时（合格线）的在职党员`, `members whose service hours in the period add up to at least ${PASS_MARK_HOURS} (the pass mark)`),
    kind: 'groupCount',
    entity: 'serviceRecord',
    dateField: 'heldAt',
    groupBy: 'memberId',
    measure: { kind: 'sum', field: 'hours' },
    passes: { gte: PASS_MARK_HOURS },
    formula: text(`按党员汇总本期服务时长，≥ ${PASS_MARK_HOURS} 小时的党员数`, `members whose hours in the period sum to ≥ ${PASS_MARK_HOURS}`),
    source: `${PRACTICE}: at least 50 hours of service a year, the pass mark of 60 points (Xingtai Qiaoxi)`,
    tag: 'L',
  },
  {
    id: 'units.belowRegistrationRate',
    label: text('报到率低于95%的单位', 'units below 95% registration'),
    description: text('在职党员报到率低于95%的工作单位（存量）', 'workplace units whose members’ registration rate is below 95% (a stock)'),
    kind: 'groupCount',
    entity: 'member',
    groupBy: 'unitId',
    measure: UNIT_REGISTRATION,
    passes: { lt: UNIT_MIN_RATE },
    formula: text('按单位：已报到党员 / 在职党员 < 95% 的单位数', 'units whose members registered / members < 95%'),
    source: `${PRACTICE}: a unit below 95% loses its rating eligibility`,
    tag: 'L',
  },
  {
    id: 'units.registrationRateMet',
    label: text('报到率达标单位占比', 'share of units at 95% registration'),
    description: text('在职党员报到率达到95%的工作单位占有党员的单位的比例（存量）', 'share of the workplace units with members whose registration rate is at least 95% (a stock)'),
    kind: 'groupCount',
    entity: 'member',
    groupBy: 'unitId',
    measure: UNIT_REGISTRATION,
    passes: { gte: UNIT_MIN_RATE },
    share: true,
    formula: text('报到率 ≥ 95% 的单位 / 有党员的单位；各单位报到率见 unitServiceRates', 'units with members registered / members ≥ 95%, over units with members; each unit’s rate: unitServiceRates'),
    source: `${PRACTICE}: a unit below 95% loses its rating eligibility`,
    tag: 'L',
  },
];

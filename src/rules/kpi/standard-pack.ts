import { ClaimSchema } from '../../model/claim.js';
import { GridEventFieldsSchema } from '../../model/grid-event.js';
import { GRID_EVENT_KPI_DEFINITIONS } from './grid-event-kpi-definitions.js';
import type { KpiDefinition, KpiFilter } from '../../model/kpi-definition.js';
import { NeedSchema } from '../../model/need.js';
import { ProjectSchema } from '../../model/project.js';
import { ResourceSchema } from '../../model/resource.js';
import { WishSchema } from '../../model/wish.js';
import { baseKpiEntityRegistry, HIERARCHY_NODE_KIND, type KpiEntityRegistry } from './entity-registry.js';
import { MEMBER_KPI_DEFINITIONS, withMemberKpiKinds } from './member-kpi-definitions.js';
import { createKpiPack, type KpiPack } from './pack.js';
import { PARTY_BUILDING_KPI_DEFINITIONS, withPartyBuildingKinds } from './party-building-kpi-definitions.js';
import { WISH_KPI_DEFINITIONS } from './wish-kpi-definitions.js';

/** The registry the standard pack validates against: hierarchy nodes plus need, resource, claim, project, grid event, wish, the party-building and the in-service member kinds. */
export function standardKpiEntityRegistry(): KpiEntityRegistry {
  const registry = baseKpiEntityRegistry().with('need', NeedSchema).with('resource', ResourceSchema).with('claim', ClaimSchema).with('project', ProjectSchema)
    .with('wish', WishSchema).with('gridEvent', GridEventFieldsSchema);
  return withMemberKpiKinds(withPartyBuildingKinds(registry));
}

/** The city's own account: 中共铜川市委组织部《汇聚发展合力，走活城市基层党建一盘棋》, published 2020-07-13. */
const TONGCHUAN = 'Tongchuan municipal Party committee organisation department, 《汇聚发展合力，走活城市基层党建一盘棋》 (2020-07-13)';
const text = (zh: string, en: string) => ({ zh, en });

/** A need counts as published once it has been published, whatever happened since, unless withdrawn. */
const NEED_PUBLISHED: KpiFilter = { status: { in: ['published', 'claimed', 'in-progress', 'fulfilled', 'confirmed', 'expired'] } };
/** Fulfilled means delivered (fulfilled, then confirmed by the requester): never merely "closed". */
const NEED_FULFILLED: KpiFilter = { status: { in: ['fulfilled', 'confirmed'] } };
const CLAIM_TAKEN: KpiFilter = { status: { in: ['accepted', 'fulfilled'] } };
const PROJECT_SIGNED: KpiFilter = { status: { in: ['signed', 'active', 'completed'] } };

/**
 * Time to fulfil a need, ready for when the need records when it was
 * fulfilled: the need model has no fulfilment time yet, so it is not in the
 * standard pack. An app whose need schema has `fulfilledAt` adds it with
 * `extendKpiPack`.
 */
export const NEED_TIME_TO_FULFIL: KpiDefinition = {
    id: 'needs.timeToFulfil',
    label: text('需求兑现用时', 'time to fulfil a need'),
    description: text('本期兑现的需求从提出到兑现的用时', 'time from raising a need to fulfilling it, for needs fulfilled in the period'),
    kind: 'duration',
    entity: 'need',
    filter: NEED_FULFILLED,
    from: 'createdAt',
    to: 'fulfilledAt',
    unit: 'days',
    dateField: 'fulfilledAt',
    target: { direction: 'atMost', value: 14, atRisk: 7 },
    formula: text('兑现时间 − 提出时间，取中位数与90分位（日历时间）', 'fulfilled at − raised at: median and p90 (calendar time)'),
    source: 'local micro-wish (微心愿) practice, no national standard: collect, verify, publish, claim, fulfil and deliver, feed back',
    tag: 'L',
  };

const DEFINITIONS: readonly KpiDefinition[] = [
  {
    id: 'projects.signed',
    label: text('签订共建项目', 'co-construction projects signed'),
    description: text('本期签订的共建项目（项目清单）', 'co-construction projects (项目清单) signed in the period'),
    kind: 'count',
    entity: 'project',
    filter: PROJECT_SIGNED,
    dateField: 'signedAt',
    formula: text('签订日期在本期内的项目数（不含终止）', 'projects signed in the period (terminated excluded)'),
    source: `${TONGCHUAN}: 1,158 projects so far this year`,
    tag: 'L',
  },
  {
    id: 'projects.units',
    label: text('签订项目的驻区单位', 'resident units with signed projects'),
    description: text('本期签订共建项目的不同驻区单位', 'distinct resident units that signed a project in the period'),
    kind: 'distinct',
    field: 'unitId',
    entity: 'project',
    filter: PROJECT_SIGNED,
    dateField: 'signedAt',
    formula: text('签订项目的单位去重计数', 'distinct units over signed projects'),
    source: `${TONGCHUAN}: 716 units`,
    tag: 'L',
  },
  {
    id: 'projects.residentsIntoJobs',
    label: text('帮助就业人数', 'residents helped into jobs'),
    description: text('本期签订项目记录的帮助就业人数', 'residents helped into jobs, as recorded on the projects signed in the period'),
    kind: 'sum',
    field: 'outcomes.residentsIntoJobs',
    entity: 'project',
    filter: PROJECT_SIGNED,
    dateField: 'signedAt',
    formula: text('项目就业成果之和', 'sum of the projects’ employment outcomes'),
    source: `${TONGCHUAN}: 5,600+ residents into jobs`,
    tag: 'L',
  },
  {
    id: 'hierarchy.communities',
    label: text('社区', 'communities'),
    description: text('辖区内社区数（存量）', 'communities in the area (a stock, whatever the period)'),
    kind: 'count',
    entity: HIERARCHY_NODE_KIND,
    filter: { level: { eq: 'community' } },
    formula: text('社区节点数', 'community nodes'),
    source: `${TONGCHUAN}: 72 communities (not confirmed beyond this account)`,
    tag: 'L',
  },
  {
    id: 'hierarchy.grids',
    label: text('网格', 'grids'),
    description: text('辖区内网格数（存量）', 'grids in the area (a stock, whatever the period)'),
    kind: 'count',
    entity: HIERARCHY_NODE_KIND,
    filter: { level: { eq: 'grid' } },
    formula: text('网格节点数', 'grid nodes'),
    source: `${TONGCHUAN}: 1,206 grids (not confirmed beyond this account)`,
    tag: 'L',
  },
  {
    id: 'needs.published',
    label: text('发布需求', 'needs published'),
    description: text('本期提出并已发布的需求（需求清单）', 'needs (需求清单) raised in the period and published'),
    kind: 'count',
    entity: 'need',
    filter: NEED_PUBLISHED,
    dateField: 'createdAt',
    formula: text('已发布需求数（不含撤回、驳回）', 'needs published (withdrawn and rejected excluded)'),
    source: `${TONGCHUAN}: needs and resource lists (清单), two-way claiming (双向认领)`,
    tag: 'L',
  },
  {
    id: 'needs.fulfilmentRate',
    label: text('需求兑现率', 'need fulfilment rate'),
    description: text('本期发布的需求中已兑现的比例', 'share of the needs published in the period that were fulfilled'),
    kind: 'ratio',
    entity: 'need',
    dateField: 'createdAt',
    numerator: { kind: 'count', filter: NEED_FULFILLED },
    denominator: { kind: 'count', filter: NEED_PUBLISHED },
    target: { direction: 'atLeast', value: 0.9, atRisk: 0.05 },
    formula: text('已兑现 / 已发布（不含撤回）', 'fulfilled / published, withdrawn excluded'),
    source: `${TONGCHUAN}: needs lists and two-way claiming (双向认领); the rate is defined as for micro-wishes (wishes.fulfilmentRate)`,
    tag: 'L',
  },
  {
    id: 'claims.taken',
    label: text('认领', 'claims taken'),
    description: text('本期提出且被接受的认领（双向认领）', 'claims (双向认领) made in the period and accepted'),
    kind: 'count',
    entity: 'claim',
    filter: CLAIM_TAKEN,
    dateField: 'createdAt',
    formula: text('已接受或已兑现的认领数', 'claims accepted or fulfilled'),
    source: `${TONGCHUAN}: two-way claiming (双向认领)`,
    tag: 'L',
  },
  {
    id: 'claims.units',
    label: text('参与认领的单位', 'units claiming'),
    description: text('本期有认领被接受的不同单位', 'distinct units with a claim accepted in the period'),
    kind: 'distinct',
    field: 'unitId',
    entity: 'claim',
    filter: CLAIM_TAKEN,
    dateField: 'createdAt',
    formula: text('被接受认领的单位去重计数', 'distinct units over accepted claims'),
    source: `${TONGCHUAN}: two-way claiming (双向认领)`,
    tag: 'L',
  },
  {
    id: 'claims.communityCoverage',
    label: text('认领覆盖社区', 'communities reached by claims'),
    description: text('本期至少有一项被接受认领的社区占比', 'share of communities with at least one claim accepted in the period'),
    kind: 'coverage',
    level: 'community',
    entity: 'claim',
    filter: CLAIM_TAKEN,
    dateField: 'createdAt',
    target: { direction: 'equal', value: 1, atRisk: 0.1 },
    formula: text('有被接受认领的社区 / 全部社区', 'communities with an accepted claim / all communities'),
    source: `${TONGCHUAN}: full coverage (全覆盖) as the target of party-building practice`,
    tag: 'L',
  },
  ...WISH_KPI_DEFINITIONS,
  ...PARTY_BUILDING_KPI_DEFINITIONS,
  ...MEMBER_KPI_DEFINITIONS,
  ...GRID_EVENT_KPI_DEFINITIONS,
];

/** The name of civic-grid's standard KPI pack. */
export const STANDARD_KPI_PACK_NAME = 'civic-grid/standard';
/** The version of civic-grid's standard KPI pack. */
export const STANDARD_KPI_PACK_VERSION = '1.1.0';

/**
 * civic-grid's standard pack: every figure the Tongchuan source reports whose
 * entity exists today, plus the need and claim figures of the three lists
 * the micro-wish funnel (`WISH_KPI_DEFINITIONS`), joint meetings, contact
 * points, committees and community organisations
 * (`PARTY_BUILDING_KPI_DEFINITIONS`) and in-service members
 * (`MEMBER_KPI_DEFINITIONS`);
 * the GB/T 30428 rates are ready in `gridEventRateDefinitions`, and the time
 * to fulfil a need in `NEED_TIME_TO_FULFIL`. Derive an
 * app's own pack with `extendKpiPack`.
 */
export function standardKpiPack(registry: KpiEntityRegistry = standardKpiEntityRegistry()): KpiPack {
  return createKpiPack({ name: STANDARD_KPI_PACK_NAME, version: STANDARD_KPI_PACK_VERSION, definitions: DEFINITIONS }, registry);
}

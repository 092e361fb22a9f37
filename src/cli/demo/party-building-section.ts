import { generatePartyBuildingSeason, type PartyBuildingRecords } from '../../generate/generate-party-building.js';
import { AGENDA_CATEGORY_LABELS, DEFAULT_AGENDA_CATEGORIES } from '../../model/joint-meeting.js';
import { INCUBATION_STAGE_LABELS, INCUBATION_STAGES, ORGANISATION_TYPE_LABELS, ORGANISATION_TYPES } from '../../model/social-organisation.js';
import { isCivicGridError } from '../../errors/civic-grid-error.js';
import { checkCommittee } from '../../rules/committee/check-committee.js';
import { checkContactCoverage } from '../../rules/contact-points/check-contact-coverage.js';
import { overdueTasks } from '../../rules/meetings/overdue-tasks.js';
import { createKpiPack } from '../../rules/kpi/pack.js';
import { PARTY_BUILDING_KPI_DEFINITIONS } from '../../rules/kpi/party-building-kpi-definitions.js';
import { standardKpiEntityRegistry } from '../../rules/kpi/standard-pack.js';
import { computeKpis } from '../../services/kpi/compute-kpis.js';
import { reportTaskProgress } from '../../services/meetings/meeting-task-progress.js';
import type { DemoSection } from '../commands/demo.js';
import { bilingual, formatCount, localName, say } from './bilingual.js';
import { DEMO_AT } from './season.js';

const WANGYI_CODE = '610202';

/**
 * Joint meetings, leaders' contact points, part-time committee members and community organisations:
 * a seeded 2020 season written to the demo's store (reused when a persistent store has it), its
 * figures computed by the KPI engine from the store, and the pure checks over the same records.
 */
export const partyBuildingSection: DemoSection = async (context) => {
  const { hierarchy, city } = context;
  const handle = context.store;
  if (handle === undefined) throw new Error('the storage section opens the demo store before the party-building season');
  const store = handle.store;
  const started = performance.now();
  const season = generatePartyBuildingSeason({ seed: context.seed, city });
  const reused = (await store.query('jointMeeting', { scope: [], limit: 1 })).records.length > 0;
  if (!reused) for (const kind of Object.keys(season.records) as (keyof PartyBuildingRecords)[]) await store.insertMany(kind, season.records[kind] as never);
  const registry = standardKpiEntityRegistry();
  const pack = createKpiPack({ name: 'civic-grid/party-building', version: '1.0.0', definitions: PARTY_BUILDING_KPI_DEFINITIONS }, registry);
  const { current } = await computeKpis({ store, hierarchy, definitions: pack, registry, period: { kind: 'yearToDate' }, at: DEMO_AT });
  const wangyi = hierarchy.children(hierarchy.rootId).find((node) => node.code === WANGYI_CODE) ?? hierarchy.root;
  const figure = (id: string, nodeId = hierarchy.rootId) => current.value(id, nodeId).value ?? 0;

  const values = <T>(kind: keyof PartyBuildingRecords) => season.records[kind].map((record) => record.value as T);
  const coverage = checkContactCoverage(hierarchy, values('contactPoint'), { scope: hierarchy.rootId, year: 2020 });
  const committees = checkCommittee(values('committeeMember'));
  const overdue = overdueTasks(values('meetingTask'), DEMO_AT);
  // An overdue task's report without cause and remedy is refused, and nothing is written.
  const firstOverdue = overdue[0];
  const refusal =
    firstOverdue === undefined
      ? null
      : await reportTaskProgress(store, { taskId: firstOverdue.id, at: DEMO_AT, note: '推进中', actor: 'civic-grid demo' }).then(
          () => null,
          (error: unknown) => (isCivicGridError(error) ? `${error.code} ${error.issues.map((issue) => issue.path.join('.')).join(', ')}` : String(error)),
        );
  const organisationTarget = current.value('organisations.communitiesMeetingTarget', hierarchy.rootId);
  const elapsedMs = performance.now() - started;

  const summary = {
    reused,
    meetingsHeld: figure('meetings.held'),
    mattersSettled: figure('meetings.mattersSettled'),
    matterCategories: figure('meetings.matterCategories'),
    mattersByCategory: Object.fromEntries(DEFAULT_AGENDA_CATEGORIES.map((category) => [category, figure(`meetings.mattersSettled.${category}`)])),
    tasksOverdue: figure('meetings.tasksOverdue'),
    contactPoints: figure('contactPoints.held'),
    leaders: figure('contactPoints.leaders'),
    communityCoverage: figure('contactPoints.communityCoverage'),
    visits: figure('contactPoints.visits'),
    partTimeMembers: figure('committee.partTimeMembers'),
    partTimeShare: figure('committee.partTimeShare'),
    committeesBreakingRules: committees.length,
    organisationsWangyi: figure('organisations.active', wangyi.id),
    organisationsCity: figure('organisations.active'),
    organisationsByType: Object.fromEntries(ORGANISATION_TYPES.map((type) => [type, figure(`organisations.type.${type}`)])),
    organisationsByStage: Object.fromEntries(INCUBATION_STAGES.map((stage) => [stage, figure(`organisations.stage.${stage}`)])),
    // 191号 by the KPI: rural communities are those whose node says so (the generated Yijun County).
    communitiesShortOfTarget: (organisationTarget.denominator ?? 0) - (organisationTarget.numerator ?? 0),
    uncoveredCommunities: coverage.uncovered.length,
    overdueReportRefused: refusal,
  };

  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
  say(context, `== ${bilingual(context, '党建：联席会议、联系点、兼职委员、社区社会组织（2020年至今）', 'Party building: joint meetings, contact points, part-time members, community organisations (2020 to date)')} ==`);
  say(context, `  ${bilingual(context, reused ? '存储中已有本季记录，直接复用' : '本季记录已写入存储，以下数字由指标引擎从存储算出', reused ? 'the season is already stored, reused' : 'the season is written to the store; the figures below are computed from it by the KPI engine')}`);
  say(context, `${bilingual(context, '联席会议', 'Joint meetings')}: ${bilingual(context, `召开 ${formatCount(summary.meetingsHeld)} 次，解决 ${summary.matterCategories} 大类 ${summary.mattersSettled} 个事项`, `${formatCount(summary.meetingsHeld)} held, ${summary.mattersSettled} matters settled in ${summary.matterCategories} categories`)}`);
  say(context, `  ${DEFAULT_AGENDA_CATEGORIES.map((category) => `${bilingual(context, AGENDA_CATEGORY_LABELS[category].zh, AGENDA_CATEGORY_LABELS[category].en)} ${summary.mattersByCategory[category]}`).join('; ')}`);
  say(context, `  ${bilingual(context, `逾期任务 ${summary.tasksOverdue} 项（须报告原因和整改措施）`, `${summary.tasksOverdue} tasks overdue (each must report cause and remedy)`)}${refusal === null ? '' : `; ${bilingual(context, '缺原因的进度报告被拒', 'a report without them is refused')}: ${refusal}`}`);
  say(context, `${bilingual(context, '党建联系点', 'Contact points')}: ${bilingual(context, `${formatCount(summary.contactPoints)} 个，领导干部 ${summary.leaders} 名，社区覆盖 ${percent(summary.communityCoverage)}，走访 ${formatCount(summary.visits)} 次`, `${formatCount(summary.contactPoints)} held by ${summary.leaders} leaders, ${percent(summary.communityCoverage)} of communities covered, ${formatCount(summary.visits)} visits`)}`);
  say(context, `${bilingual(context, '兼职委员', 'Part-time committee members')}: ${bilingual(context, `${summary.partTimeMembers} 名，占在任委员 ${percent(summary.partTimeShare)}；${summary.committeesBreakingRules} 个社区党组织未达 5–9 人、兼职 ≥ 20% 的要求`, `${summary.partTimeMembers}, ${percent(summary.partTimeShare)} of seated members; ${summary.committeesBreakingRules} community committees outside 5–9 members with ≥ 20% part-time`)}`);
  say(context, `${bilingual(context, '社区社会组织', 'Community organisations')}: ${bilingual(context, `${localName(context, wangyi)} ${summary.organisationsWangyi} 家，全市 ${summary.organisationsCity} 家；${summary.communitiesShortOfTarget} 个社区未达 191号 目标（城市 10、农村 5）`, `${summary.organisationsWangyi} in ${localName(context, wangyi)}, ${summary.organisationsCity} city-wide; ${summary.communitiesShortOfTarget} communities short of the Minfa [2017] No. 191 target (10 urban, 5 rural)`)}`);
  say(context, `  ${ORGANISATION_TYPES.map((type) => `${bilingual(context, ORGANISATION_TYPE_LABELS[type].zh, ORGANISATION_TYPE_LABELS[type].en)} ${summary.organisationsByType[type]}`).join('; ')}`);
  say(context, `  ${INCUBATION_STAGES.map((stage) => `${bilingual(context, INCUBATION_STAGE_LABELS[stage].zh, INCUBATION_STAGE_LABELS[stage].en)} ${summary.organisationsByStage[stage]}`).join('; ')}`);
  say(context, `${bilingual(context, '用时', 'Time')}: ${elapsedMs.toFixed(0)} ms`);
  say(context);

  context.report.partyBuilding = summary;
};

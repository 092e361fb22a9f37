import { generateMembers } from '../../generate/generate-members.js';
import { MEMBER_KPI_DEFINITIONS } from '../../rules/kpi/member-kpi-definitions.js';
import { standardKpiEntityRegistry } from '../../rules/kpi/standard-pack.js';
import { serviceHoursByMember } from '../../rules/members/member-service-year.js';
import { unitServiceRates, unitsBelowRate } from '../../rules/members/unit-service-rates.js';
import { computeKpis } from '../../services/kpi/compute-kpis.js';
import { queryAll } from '../../services/query-all.js';
import type { DemoSection } from '../commands/demo.js';
import { bilingual, formatCount, localName, say } from './bilingual.js';
import { DEMO_AT } from './season.js';

/** The seed's members season: 2019, in the city's zone. */
const SEASON_YEAR = 2019;
const TIME_ZONE = 'Asia/Shanghai';
/** Service records written: about 17 members per activity keeps the demo quick (the bench writes 200,000). */
const DEMO_PARTICIPATIONS = 24_000;

/**
 * In-service members (在职党员进社区报到): a generated 2019 season for the city (15,000 members
 * registered, 1,450 activities, as the seed reports) written to the demo store (or found there from
 * an earlier run), then read back: the member KPIs for 2019 through the KPI engine (members past 50
 * hours and units below 95% registration among them), and, as a pure rule over the stored records,
 * each unit's registration and service rates (the service rate joins members to their service records).
 */
export const membersSection: DemoSection = async (context) => {
  const { hierarchy, city } = context;
  const handle = context.store;
  if (handle === undefined) throw new Error('the storage section opens the demo store before the members section');
  const { store } = handle;
  const started = performance.now();
  const reused = (await store.query('registration', { scope: [], limit: 1 })).records.length > 0;
  if (!reused) {
    const season = generateMembers({ seed: context.seed, city, year: SEASON_YEAR, timeZone: TIME_ZONE, participations: DEMO_PARTICIPATIONS });
    await store.insertMany('member', season.members);
    await store.insertMany('registration', season.registrations);
    await store.insertMany('servicePost', season.posts);
    await store.insertMany('postClaim', season.postClaims);
    await store.insertMany('activity', season.activities);
    await store.insertMany('serviceRecord', season.serviceRecords);
  }
  const registry = standardKpiEntityRegistry();
  const result = await computeKpis({ store, hierarchy, definitions: MEMBER_KPI_DEFINITIONS, registry, period: { kind: 'year', year: SEASON_YEAR }, at: DEMO_AT, timeZone: TIME_ZONE });
  const records = (await queryAll(store, 'serviceRecord', { scope: [] })).map((record) => record.data);
  const members = (await queryAll(store, 'member', { scope: [] })).map((member) => member.data);
  const hours = serviceHoursByMember(records, SEASON_YEAR, TIME_ZONE);
  const rates = unitServiceRates(members, new Set(hours.keys()));
  const below = unitsBelowRate(rates);
  const elapsedMs = performance.now() - started;

  const at = (id: string, nodeId = hierarchy.rootId) => result.current.value(id, nodeId);
  const rate = at('members.registrationRate');
  const topCommunities = hierarchy
    .atLevel('community')
    .map((node) => ({ nodeId: node.id, hours: at('members.serviceHours', node.id).value as number }))
    .sort((a, b) => b.hours - a.hours || (a.nodeId < b.nodeId ? -1 : 1))
    .slice(0, 3);
  // Units have Chinese names only: English output shows their ids.
  const unitName = new Map(city.units.map((unit) => [unit.id, context.lang === 'en' ? unit.id : context.lang === 'zh' ? unit.name : `${unit.name} ${unit.id}`]));
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

  say(context, `== ${bilingual(context, `在职党员进社区报到（${SEASON_YEAR}年）`, `In-service members registering with their communities (${SEASON_YEAR})`)} ==`);
  say(context, `  ${reused ? bilingual(context, '存储中已有本季数据，直接复用', 'the season is in the store already, reused') : bilingual(context, '生成本季数据并写入存储', 'generated the season and wrote it to the store')}`);
  say(context, `  ${bilingual(context, '已报到党员', 'members registered')}: ${formatCount(at('members.registered').value as number)} / ${formatCount(rate.denominator as number)} (${percent(rate.value as number)})`);
  say(context, `  ${bilingual(context, '认领服务岗位', 'service posts claimed')}: ${formatCount(at('servicePosts.claimed').value as number)}`);
  say(context, `  ${bilingual(context, '志愿服务活动', 'volunteer activities held')}: ${formatCount(at('activities.held').value as number)}`);
  say(context, `  ${bilingual(context, '服务时长', 'service hours')}: ${formatCount(at('members.serviceHours').value as number)} ${bilingual(context, '小时', 'h')}, ${bilingual(context, '参加服务的党员', 'members serving')} ${formatCount(at('members.serving').value as number)}`);
  say(context, `  ${bilingual(context, '全年服务满50小时（60分合格线）的党员', 'members past 50 hours (the pass mark of 60 points)')}: ${formatCount(at('members.pastPassMark').value as number)}`);
  say(context, `  ${bilingual(context, '服务时长前三的社区', 'top communities by service hours')}: ${topCommunities.map((entry) => `${localName(context, hierarchy.getOrThrow(entry.nodeId))} ${formatCount(entry.hours)}`).join(', ')}`);
  const registrationMet = at('units.registrationRateMet');
  say(context, `  ${bilingual(context, '报到率低于95%的单位', 'units below 95% registration')}: ${formatCount(at('units.belowRegistrationRate').value as number)} / ${formatCount(registrationMet.denominator as number)}, ${bilingual(context, '达标单位占比', 'share at 95%')} ${percent(registrationMet.value as number)}`);
  say(context, `  ${bilingual(context, `报到率或服务率低于95%、失去评优资格的单位（各单位比率）`, 'units below 95% (registration or service rate), losing rating eligibility (per-unit rates)')}: ${formatCount(below.length)} / ${formatCount(rates.length)}`);
  for (const unit of below.slice(0, 3)) {
    say(context, `    ${unitName.get(unit.unitId) ?? unit.unitId}: ${bilingual(context, '报到率', 'registered')} ${percent(unit.registrationRate)}, ${bilingual(context, '服务率', 'served')} ${percent(unit.serviceRate)} (${formatCount(unit.members)} ${bilingual(context, '人', 'members')})`);
  }
  say(context, `${bilingual(context, '用时', 'Time')}: ${elapsedMs.toFixed(0)} ms`);
  say(context);

  context.report.members = {
    year: SEASON_YEAR,
    reused,
    registered: at('members.registered').value,
    members: rate.denominator,
    registrationRate: rate.value,
    postsClaimed: at('servicePosts.claimed').value,
    activities: at('activities.held').value,
    serviceHours: at('members.serviceHours').value,
    membersServing: at('members.serving').value,
    membersPast50Hours: at('members.pastPassMark').value,
    unitsBelow95Registration: at('units.belowRegistrationRate').value,
    topCommunities,
    unitsBelow95: below.map(({ unitId, registrationRate, serviceRate, members: count }) => ({ unitId, registrationRate, serviceRate, members: count })),
    units: rates.length,
    timings: { elapsedMs },
  };
};

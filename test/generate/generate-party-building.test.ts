import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import {
  checkCommittee,
  checkContactCoverage,
  checkOrganisationTargets,
  computeKpis,
  createHierarchy,
  createStore,
  DEFAULT_AGENDA_CATEGORIES,
  generateCity,
  generatePartyBuildingSeason,
  overdueTasks,
  standardKpiEntityRegistry,
  standardKpiPack,
  STANDARD_KPI_STORE_KINDS,
} from '../../src/index.js';
import { expectCivicGridError } from '../support/expect-error.js';

const city = generateCity({ seed: 2020 });
const hierarchy = createHierarchy(city.nodes);
const season = generatePartyBuildingSeason({ seed: 2020, city });
const kinds = STANDARD_KPI_STORE_KINDS;
const AT = new Date('2020-07-13T00:00:00+08:00');
const cityId = hierarchy.rootId;
const wangyiId = 'd610202';

/** The season stored (each record validated by its kind's schema) with the other kinds the standard pack reads (empty), and the pack computed over it, 2020 to date. */
async function seasonKpis() {
  const store = createStore(createMemoryAdapter(), { kinds });
  for (const [kind, records] of Object.entries(season.records)) await store.insertMany(kind as keyof typeof kinds, records as never);
  return computeKpis({ store, hierarchy, definitions: standardKpiPack(), registry: standardKpiEntityRegistry(), period: { kind: 'yearToDate' }, at: new Date(AT.getTime() - 1) });
}

describe('generatePartyBuildingSeason', () => {
  it('gives the same season for the same seed and another for another seed', () => {
    expect(generatePartyBuildingSeason({ seed: 2020, city })).toEqual(season);
    expect(generatePartyBuildingSeason({ seed: 2021, city }).records.contactPoint).not.toEqual(season.records.contactPoint);
  });

  it("reproduces the seed's figures through the KPI engine: 180+ meetings, 36 matters in 5 categories, 300+ points at full coverage, 48 part-time members, 170+ organisations in Wangyi", async () => {
    const { current } = await seasonKpis();
    const value = (id: string, nodeId = cityId) => current.value(id, nodeId).value;
    expect(value('meetings.held')).toBeGreaterThan(180);
    expect(value('meetings.mattersSettled')).toBe(36);
    expect(value('meetings.matterCategories')).toBe(5);
    const byCategory = DEFAULT_AGENDA_CATEGORIES.map((category) => value(`meetings.mattersSettled.${category}`) as number);
    expect(byCategory.every((count) => count > 0)).toBe(true);
    expect(byCategory.reduce((a, b) => a + b, 0)).toBe(36);
    expect(value('contactPoints.held')).toBeGreaterThan(300);
    expect(value('contactPoints.communityCoverage')).toBe(1);
    expect(current.value('contactPoints.communityCoverage', cityId).denominator).toBe(72);
    expect(value('committee.partTimeMembers')).toBe(48);
    expect(value('organisations.active', wangyiId)).toBeGreaterThan(170);
    // Figures the seed does not give, still read back from the records: every one a real count.
    expect(value('meetings.tasksOverdue')).toBe(season.records.meetingTask.filter((task) => task.value.overdueSince !== undefined).length);
    expect(value('contactPoints.visits')).toBe(season.records.contactVisit.length);
  });

  it('counts communities meeting the 191号 target through the engine as checkOrganisationTargets does, rural ones by their node area', async () => {
    const { current } = await seasonKpis();
    expect(season.ruralCommunityIds.length).toBeGreaterThan(0);
    expect(season.ruralCommunityIds.every((id) => hierarchy.getOrThrow(id).area === 'rural')).toBe(true);
    const organisations = season.records.socialOrganisation.map((record) => record.value);
    for (const nodeId of [cityId, ...hierarchy.childIds(cityId)]) {
      // No side input: the rule reads the rural communities from the hierarchy, as the KPI does.
      const report = checkOrganisationTargets(hierarchy, organisations, { scope: nodeId });
      expect(report).toEqual(checkOrganisationTargets(hierarchy, organisations, { scope: nodeId, ruralCommunityIds: season.ruralCommunityIds }));
      const met = report.communities.length - report.short.length;
      expect(current.value('organisations.communitiesMeetingTarget', nodeId)).toMatchObject({ numerator: met, denominator: report.communities.length });
    }
  });

  it('is consistent with the pure rules: every community covered, no leader over quota, overdue tasks marked, organisations counted against 191号', () => {
    const points = season.records.contactPoint.map((record) => record.value);
    const coverage = checkContactCoverage(hierarchy, points, { scope: cityId, year: 2020 });
    expect(coverage.uncovered).toEqual([]);
    expect(coverage.overQuota).toEqual([]);
    const tasks = season.records.meetingTask.map((record) => record.value);
    expect(overdueTasks(tasks, AT).map((task) => task.id)).toEqual(tasks.filter((task) => task.overdueSince !== undefined).map((task) => task.id));
    for (const task of overdueTasks(tasks, AT)) expect(task.progress.some((report) => report.cause !== undefined && report.remedy !== undefined)).toBe(true);
    const organisations = season.records.socialOrganisation.map((record) => record.value);
    const wangyi = checkOrganisationTargets(hierarchy, organisations, { scope: wangyiId, ruralCommunityIds: season.ruralCommunityIds });
    expect(wangyi.communities.reduce((sum, standing) => sum + standing.active, 0)).toBeGreaterThan(170);
    const members = season.records.committeeMember.map((record) => record.value);
    // 48 part-time members cannot reach all 72 committees: the committees without one break the 20% rule.
    const breaches = checkCommittee(members);
    expect(breaches.filter((breach) => breach.reasons.some((reason) => reason.code === 'too-few-part-time')).length).toBeGreaterThanOrEqual(72 - 48);
  });

  it('refuses bad options', () => {
    expectCivicGridError(() => generatePartyBuildingSeason({ seed: 1.5 }), 'VALIDATION_FAILED');
    expectCivicGridError(() => generatePartyBuildingSeason({ seed: 1, city: {} as never }), 'VALIDATION_FAILED');
    expectCivicGridError(() => generatePartyBuildingSeason(null as never), 'VALIDATION_FAILED');
  });
});

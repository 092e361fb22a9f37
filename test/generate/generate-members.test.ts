import { describe, expect, it } from 'vitest';
import {
  computeKpis,
  createHierarchy,
  createStore,
  generateCity,
  generateMembers,
  MEMBER_KINDS,
  membersPastPassMark,
  pointRules,
  serviceHoursByMember,
  standardKpiEntityRegistry,
  standardKpiPack,
  unitServiceRates,
  unitsBelowRate,
} from '../../src/index.js';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { expectCivicGridError } from '../support/expect-error.js';

const city = generateCity({ seed: 2020, scale: 'tongchuan' });
const hierarchy = createHierarchy(city.nodes);

describe('generateMembers: a Tongchuan 2019 season', () => {
  const season = generateMembers({ seed: 2019, city });

  it('reproduces the seed figures through the store and the KPI engine: 15,000 registered, 1,450 activities', async () => {
    const store = createStore(createMemoryAdapter(), { kinds: MEMBER_KINDS });
    await store.insertMany('member', season.members);
    await store.insertMany('registration', season.registrations);
    await store.insertMany('servicePost', season.posts);
    await store.insertMany('postClaim', season.postClaims);
    await store.insertMany('activity', season.activities);
    await store.insertMany('serviceRecord', season.serviceRecords);
    const registry = standardKpiEntityRegistry();
    const pack = standardKpiPack(registry);
    const definitions = pack.definitions.filter((definition) => ['member', 'registration', 'postClaim', 'activity', 'serviceRecord'].includes(definition.entity));
    const result = await computeKpis({ store, hierarchy, definitions, registry, period: { kind: 'year', year: 2019 }, at: new Date('2020-07-13T10:00:00+08:00') });
    const figure = (id: string) => result.current.value(id, hierarchy.rootId);
    expect(figure('members.registered').value).toBe(15_000);
    expect(figure('activities.held').value).toBe(1_450);
    expect(figure('servicePosts.claimed').value).toBe(season.postClaims.length);
    expect(figure('members.serviceHours').value).toBe(season.serviceRecords.reduce((sum, record) => sum + record.value.hours, 0));
    const rate = figure('members.registrationRate').value as number;
    expect(rate).toBeCloseTo(15_000 / season.members.length, 12);
    expect(rate).toBeLessThan(1);
  });

  it('gives through the engine the figures the pure rules give: members past 50 hours, units below 95% registration and the share at 95%, at the city and in every district', async () => {
    // A busier season than the seed's, so that members pass the line (the seed's 40 records a member do not reach 50 hours).
    const busy = generateMembers({ seed: 7, city, registered: 2_000, activities: 2_000, participations: 40_000 });
    const store = createStore(createMemoryAdapter(), { kinds: MEMBER_KINDS });
    await store.insertMany('member', busy.members);
    await store.insertMany('serviceRecord', busy.serviceRecords);
    const registry = standardKpiEntityRegistry();
    const ids = ['members.pastPassMark', 'units.belowRegistrationRate', 'units.registrationRateMet'];
    const definitions = standardKpiPack(registry).definitions.filter((definition) => ids.includes(definition.id));
    const result = await computeKpis({ store, hierarchy, definitions, registry, period: { kind: 'year', year: 2019 }, at: new Date('2020-07-13T10:00:00+08:00') });
    const inside = (nodeId: string) => new Set([nodeId, ...hierarchy.descendants(nodeId).map((node) => node.id)]);
    for (const nodeId of [hierarchy.rootId, ...hierarchy.childIds(hierarchy.rootId)]) {
      const within = inside(nodeId);
      const records = busy.serviceRecords.filter((record) => within.has(record.scope.at(-1) as string)).map((record) => record.value);
      const past = membersPastPassMark(serviceHoursByMember(records, 2019, 'Asia/Shanghai'), pointRules('default'));
      const rates = unitServiceRates(busy.members.filter((member) => within.has(member.scope.at(-1) as string)).map((member) => member.value), new Set());
      const below = rates.filter((rate) => rate.registrationRate < 0.95).length;
      expect(result.current.value('members.pastPassMark', nodeId).value).toBe(past.length);
      expect(result.current.value('units.belowRegistrationRate', nodeId)).toMatchObject({ value: below, denominator: rates.length });
      expect(result.current.value('units.registrationRateMet', nodeId)).toMatchObject({ numerator: rates.length - below, denominator: rates.length });
    }
    const atCity = result.current.value('members.pastPassMark', hierarchy.rootId);
    expect(atCity.value).toBeGreaterThan(0);
    expect(result.current.value('units.belowRegistrationRate', hierarchy.rootId).value).toBeGreaterThan(0);
  });

  it('keeps the invariants the store operations enforce: participants registered before the activity, posts within capacity', () => {
    const registeredAt = new Map(season.members.map(({ value }) => [value.id, value.registeredAt]));
    for (const { value } of season.serviceRecords) expect(Date.parse(registeredAt.get(value.memberId) as string)).toBeLessThanOrEqual(Date.parse(value.heldAt));
    const held = new Map<string, number>();
    for (const { value } of season.postClaims) held.set(value.postId, (held.get(value.postId) ?? 0) + 1);
    for (const { value } of season.posts) expect(held.get(value.id) ?? 0).toBeLessThanOrEqual(value.capacity);
    expect(season.serviceRecords.length).toBe(1_450 * 40);
    expect(generateMembers({ seed: 2019, city, registered: 2_000, activities: 10, participations: 150 }).serviceRecords).toHaveLength(150);
  });

  it('has some units below 95% and members past 50 hours, as pure rules over the data', () => {
    const hours = serviceHoursByMember(season.serviceRecords.map((record) => record.value), 2019, 'Asia/Shanghai');
    const rates = unitServiceRates(season.members.map((member) => member.value), new Set(hours.keys()));
    expect(unitsBelowRate(rates).length).toBeGreaterThan(0);
    expect(unitsBelowRate(rates).length).toBeLessThan(rates.length);
    // A busier season (20 records a member) puts members past the line: the rule agrees with a plain per-member sum.
    const busy = generateMembers({ seed: 7, city, registered: 2_000, activities: 2_000, participations: 40_000 }).serviceRecords.map((record) => record.value);
    const totals = new Map<string, number>();
    for (const record of busy) totals.set(record.memberId, (totals.get(record.memberId) ?? 0) + record.hours);
    const expected = [...totals].filter(([, total]) => total >= 50).map(([memberId]) => memberId).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(membersPastPassMark(serviceHoursByMember(busy, 2019, 'Asia/Shanghai'), pointRules('default'))).toEqual(expected);
  });

  it('is pure: the same seed gives the same season', () => {
    const again = generateMembers({ seed: 2019, city, registered: 2_000, activities: 20, participations: 300 });
    expect(generateMembers({ seed: 2019, city, registered: 2_000, activities: 20, participations: 300 })).toEqual(again);
  });

  it('refuses bad options, naming the field', () => {
    expect(expectCivicGridError(() => generateMembers({ seed: 1.5, city }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['seed']);
    expect(expectCivicGridError(() => generateMembers({ seed: 1, city, activities: 10, participations: 5 }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['participations']);
    expect(expectCivicGridError(() => generateMembers({ seed: 1, city, timeZone: 'Nowhere' }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['timeZone']);
    expect(expectCivicGridError(() => generateMembers({ seed: 1, city: { nodes: [], units: city.units } }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['city', 'nodes']);
    expect(expectCivicGridError(() => generateMembers({ seed: 1, city, registered: 100, activities: 10, participations: 1_000_000 }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['participations']);
  });
});

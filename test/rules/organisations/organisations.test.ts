import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canTransition,
  checkOrganisationTargets,
  createHierarchy,
  INCUBATION_STAGES,
  INCUBATION_TRANSITIONS,
  type IncubationStage,
  ORGANISATION_TARGETS,
  ORGANISATION_TYPES,
  type SocialOrganisation,
} from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';

/** Community ids that are prefixes of each other and carry `/`, `%`, `_`. */
const COMMUNITIES = ['c', 'c/1', 'c/1%', 'c_2'];
const city = createHierarchy([
  { id: 'tc', level: 'city', name: '铜川市', parentId: null },
  { id: 'wy', level: 'district', name: '王益区', parentId: 'tc' },
  { id: 'yj', level: 'district', name: '宜君县', parentId: 'tc' },
  { id: 's1', level: 'street', name: '街道一', parentId: 'wy' },
  { id: 's2', level: 'street', name: '镇一', parentId: 'yj' },
  { id: 'c', level: 'community', name: '社区甲', parentId: 's1' },
  { id: 'c/1', level: 'community', name: '社区乙', parentId: 's1' },
  { id: 'c/1%', level: 'community', name: '社区丙', parentId: 's2' },
  { id: 'c_2', level: 'community', name: '社区丁', parentId: 's2' },
  { id: 'g1', level: 'grid', name: '网格', parentId: 'c' },
]);
const IN_SCOPE: Readonly<Record<string, readonly string[]>> = { tc: COMMUNITIES, wy: ['c', 'c/1'], yj: ['c/1%', 'c_2'], s1: ['c', 'c/1'], 'c/1': ['c/1'] };

const organisation = (id: string, communityId: string, stage: IncubationStage = 'start-up', type: SocialOrganisation['type'] = 'charity'): SocialOrganisation => ({
  id,
  name: id,
  communityId,
  type,
  tier: 'guided',
  stage,
  contact: { name: '刘' },
  members: 10,
  foundedOn: '2020-01-01',
  activities: [],
});

describe('incubation transitions', () => {
  it('cover every stage, go one stage at a time, and let a group leave from any stage but exited', () => {
    expect(Object.keys(INCUBATION_TRANSITIONS).sort()).toEqual([...INCUBATION_STAGES].sort());
    expect(canTransition(INCUBATION_TRANSITIONS, 'seed', 'graduated')).toBe(false);
    expect(canTransition(INCUBATION_TRANSITIONS, 'start-up', 'graduated')).toBe(true);
    for (const stage of INCUBATION_STAGES) expect(canTransition(INCUBATION_TRANSITIONS, stage, 'exited')).toBe(stage !== 'exited');
    expect(INCUBATION_TRANSITIONS.exited).toEqual([]);
  });
});

describe('checkOrganisationTargets', () => {
  it('counts each community against 191号 (10 urban, 5 rural), exited groups aside', () => {
    const organisations = [
      ...Array.from({ length: 10 }, (_, k) => organisation(`a${k}`, 'c', 'graduated', k < 6 ? 'culture-and-sports' : 'charity')),
      organisation('gone', 'c', 'exited'),
      ...Array.from({ length: 5 }, (_, k) => organisation(`b${k}`, 'c_2')),
      ...Array.from({ length: 4 }, (_, k) => organisation(`d${k}`, 'c/1%')),
    ];
    const report = checkOrganisationTargets(city, organisations, { scope: 'tc', ruralCommunityIds: ['c/1%', 'c_2'] });
    expect(report.communities.map((standing) => [standing.communityId, standing.setting, standing.target, standing.active, standing.shortBy])).toEqual([
      ['c', 'urban', 10, 10, 0],
      ['c/1', 'urban', 10, 0, 10],
      ['c/1%', 'rural', 5, 4, 1],
      ['c_2', 'rural', 5, 5, 0],
    ]);
    expect(report.communities[0]?.byType).toEqual({ 'life-service': 0, charity: 4, 'mutual-aid': 0, 'culture-and-sports': 6, 'community-affairs': 0 });
    expect(report.short).toEqual(['c/1', 'c/1%']);
    expect(ORGANISATION_TARGETS).toEqual({ urban: 10, rural: 5 });
    expect(checkOrganisationTargets(city, organisations, { scope: 'wy', targets: { urban: 1, rural: 1 } }).short).toEqual(['c/1']);
  });

  it('agrees with a brute-force count for any organisations, scope, rural set and targets', () => {
    const arbitrary = fc.record({
      organisations: fc.array(fc.record({ communityId: fc.constantFrom(...COMMUNITIES), stage: fc.constantFrom(...INCUBATION_STAGES), type: fc.constantFrom(...ORGANISATION_TYPES) }), { maxLength: 40 }),
      scope: fc.constantFrom(...Object.keys(IN_SCOPE)),
      rural: fc.subarray(COMMUNITIES),
      targets: fc.record({ urban: fc.integer({ min: 0, max: 12 }), rural: fc.integer({ min: 0, max: 12 }) }),
    });
    fc.assert(
      fc.property(arbitrary, ({ organisations, scope, rural, targets }) => {
        const given = organisations.map((entry, k) => organisation(`o${k}`, entry.communityId, entry.stage, entry.type));
        const report = checkOrganisationTargets(city, given, { scope, ruralCommunityIds: rural, targets });
        const expected = (IN_SCOPE[scope] as readonly string[]).map((communityId) => {
          const target = rural.includes(communityId) ? targets.rural : targets.urban;
          const active = given.filter((entry) => entry.communityId === communityId && entry.stage !== 'exited');
          return { communityId, target, active: active.length, shortBy: Math.max(0, target - active.length), types: ORGANISATION_TYPES.map((type) => active.filter((entry) => entry.type === type).length) };
        });
        expect(report.communities.map((standing) => ({ communityId: standing.communityId, target: standing.target, active: standing.active, shortBy: standing.shortBy, types: ORGANISATION_TYPES.map((type) => standing.byType[type]) }))).toEqual(expected);
        expect(report.short).toEqual(expected.filter((standing) => standing.active < standing.target).map((standing) => standing.communityId));
      }),
      { numRuns: 150 },
    );
  });

  it('refuses bad input with every path: unknown or non-community nodes, duplicate ids, bad targets, a non-hierarchy', () => {
    const error = expectCivicGridError(
      () => checkOrganisationTargets(city, [organisation('o', 'c'), organisation('o', 'g1'), organisation('p', 'nowhere')], { scope: 'nowhere', ruralCommunityIds: ['s1'] }),
      'VALIDATION_FAILED',
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([['options', 'scope'], ['options', 'ruralCommunityIds', 0], ['organisations', 1, 'id'], ['organisations', 1, 'communityId'], ['organisations', 2, 'communityId']]);
    expect(expectCivicGridError(() => checkOrganisationTargets(city, [], { scope: 'tc', targets: { urban: -1, rural: 5 } }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['options', 'targets', 'urban']);
    expect(expectCivicGridError(() => checkOrganisationTargets(city, [{ ...organisation('o', 'c'), stage: 'hatched' as never }], { scope: 'tc' }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['organisations', 0, 'stage']);
    expect(expectCivicGridError(() => checkOrganisationTargets({} as never, [], { scope: 'tc' }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['hierarchy']);
    expectCivicGridError(() => checkOrganisationTargets(city, null as never, { scope: 'tc' }), 'VALIDATION_FAILED');
    expectCivicGridError(() => checkOrganisationTargets(city, [], null as never), 'VALIDATION_FAILED');
  });
});

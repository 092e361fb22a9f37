import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONTACT_POINT_RULES,
  type ContactPoint,
  type ContactPointRules,
  checkContactCoverage,
  createHierarchy,
  type Hierarchy,
  type HierarchyNode,
  type Leader,
  proposeContactPoints,
} from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { SMALL_CITY } from '../../support/small-city.js';

const hierarchy = createHierarchy(SMALL_CITY);
const visits = (dates: string[]) => dates.map((date) => ({ date, issuesSolved: 1 }));
const FIVE_2020 = visits(['2020-01-05', '2020-03-01', '2020-05-01', '2020-07-01', '2020-12-31']);

describe('checkContactCoverage', () => {
  it('reports uncovered communities, a leader over quota and a point short of visits', () => {
    const points: ContactPoint[] = [
      { id: 'p1', leaderId: 'L1', nodeId: 'c1', visits: FIVE_2020 },
      // A point on a grid covers its community.
      { id: 'p2', leaderId: 'L1', nodeId: 'g3', visits: [...visits(['2019-12-31', '2021-01-01']), ...FIVE_2020.slice(1)] },
      { id: 'p3', leaderId: 'L1', nodeId: 'c1', visits: FIVE_2020 },
    ];
    expect(checkContactCoverage(hierarchy, points, { scope: 'tc', year: 2020 })).toEqual({
      targets: ['c1', 'c2', 'c3'],
      uncovered: ['c3'],
      overQuota: [{ leaderId: 'L1', pointIds: ['p1', 'p2', 'p3'], limit: 2 }],
      underQuota: [],
      shortOfVisits: [{ pointId: 'p2', leaderId: 'L1', nodeId: 'g3', visits: 4, required: 5 }],
      ok: false,
    });
  });

  it('is ok when every community in scope is covered within quota and visited; leaders without points are under quota', () => {
    const points: ContactPoint[] = [
      { id: 'p1', leaderId: 'L1', nodeId: 'c1', visits: FIVE_2020 },
      { id: 'p2', leaderId: 'L2', nodeId: 'c2', visits: FIVE_2020 },
    ];
    expect(checkContactCoverage(hierarchy, points, { scope: 's1', year: 2020 }).ok).toBe(true);
    const leaders: Leader[] = ['L1', 'L2', 'L3'].map((id) => ({ id, name: '王', locationId: 's1' }));
    expect(checkContactCoverage(hierarchy, points, { scope: 's1', year: 2020, leaders }).underQuota).toEqual([{ leaderId: 'L3', pointIds: [], limit: 1 }]);
  });

  it('covers sectors when the rules say so', () => {
    const rules: ContactPointRules = { ...CONTACT_POINT_RULES, coverageLevel: 'street' };
    const report = checkContactCoverage(hierarchy, [{ id: 'p1', leaderId: 'L1', nodeId: 'c2', visits: FIVE_2020 }], { scope: 'tc', year: 2020, rules });
    expect(report.targets).toEqual(['s1', 's2']);
    expect(report.uncovered).toEqual(['s2']);
  });

  it('rejects bad input with the path of every bad field', () => {
    const error = expectCivicGridError(
      () =>
        checkContactCoverage(
          hierarchy,
          [
            { id: 'p1', leaderId: 'L1', nodeId: 'ghost', visits: [] },
            { id: 'p1', leaderId: 'L1', nodeId: 'c1', visits: [] },
          ],
          { scope: 'nowhere', year: 2020 },
        ),
      'VALIDATION_FAILED',
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([['options', 'scope'], ['points', 0, 'nodeId'], ['points', 1, 'id']]);
    const shape = expectCivicGridError(
      () => checkContactCoverage(hierarchy, [{ id: 'p1', leaderId: 'L1', nodeId: 'c1', visits: [{ date: '2020-02-30', issuesSolved: -1 }] }], { scope: 'tc', year: 20.5 }),
      'VALIDATION_FAILED',
    );
    expect(shape.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([['points', 0, 'visits', 0, 'date'], ['points', 0, 'visits', 0, 'issuesSolved'], ['options', 'year']]),
    );
    expectCivicGridError(() => checkContactCoverage({} as Hierarchy, [], { scope: 'tc', year: 2020 }), 'VALIDATION_FAILED');
    expectCivicGridError(() => checkContactCoverage(hierarchy, [], null as never), 'VALIDATION_FAILED');
    const rules = { ...CONTACT_POINT_RULES, minPointsPerLeader: 3 };
    expect(expectCivicGridError(() => checkContactCoverage(hierarchy, [], { scope: 'tc', year: 2020, rules }), 'VALIDATION_FAILED').issues[0]?.path).toEqual([
      'options',
      'rules',
      'minPointsPerLeader',
    ]);
  });
});

describe('proposeContactPoints', () => {
  const leaders: Leader[] = [
    { id: 'L1', name: '张', homeSectorId: 's2', locationId: 'wy' },
    { id: 'L2', name: '李', homeSectorId: 's1', locationId: 's1' },
  ];

  it('fills the gaps with leaders who have room, own sector first, and explains each proposal', () => {
    const points: ContactPoint[] = [{ id: 'p1', leaderId: 'L2', nodeId: 'c1', visits: [] }];
    const result = proposeContactPoints(hierarchy, leaders, points, { scope: 'tc' });
    expect(result.uncovered).toEqual([]);
    expect(result.proposals.map(({ leaderId, nodeId, inHomeSector, distance, freePlaces }) => ({ leaderId, nodeId, inHomeSector, distance, freePlaces }))).toEqual([
      { leaderId: 'L2', nodeId: 'c2', inHomeSector: true, distance: 1, freePlaces: 1 },
      { leaderId: 'L1', nodeId: 'c3', inHomeSector: true, distance: 4, freePlaces: 2 },
    ]);
    expect(result.proposals[1]?.reason).toBe('leader "L1" has 2 of 2 places free; "c3" lies in their sector "s2"; 4 hops from where they sit');
  });

  it('prefers nearness when the sector does not decide, and leaves targets uncovered when quotas run out', () => {
    const near: Leader[] = [
      { id: 'far', name: '远', locationId: 'c3' },
      { id: 'near', name: '近', locationId: 'g1' },
    ];
    const rules = { ...CONTACT_POINT_RULES, maxPointsPerLeader: 1 };
    const result = proposeContactPoints(hierarchy, near, [], { scope: 's1', rules });
    expect(result.proposals.map((proposal) => [proposal.leaderId, proposal.nodeId])).toEqual([['near', 'c1'], ['far', 'c2']]);
    const short = proposeContactPoints(hierarchy, [near[0] as Leader], [], { scope: 's1', rules });
    expect(short.proposals).toHaveLength(1);
    expect(short.uncovered).toHaveLength(1);
  });

  it('rejects points of unknown leaders and leaders at unknown nodes', () => {
    const error = expectCivicGridError(
      () => proposeContactPoints(hierarchy, [{ id: 'L1', name: '张', homeSectorId: 'ghost', locationId: 'nowhere' }], [{ id: 'p1', leaderId: 'L9', nodeId: 'c1', visits: [] }], { scope: 'tc', weights: { proximity: -1 } }),
      'VALIDATION_FAILED',
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([['options', 'weights', 'proximity']]);
    const references = expectCivicGridError(
      () => proposeContactPoints(hierarchy, [{ id: 'L1', name: '张', homeSectorId: 'ghost', locationId: 'nowhere' }], [{ id: 'p1', leaderId: 'L9', nodeId: 'c1', visits: [] }], { scope: 'tc' }),
      'VALIDATION_FAILED',
    );
    expect(references.issues.map((issue) => issue.path)).toEqual([['leaders', 0, 'locationId'], ['leaders', 0, 'homeSectorId'], ['points', 0, 'leaderId']]);
  });
});

/** A random city down to communities (and one grid each), with ids that are prefixes of each other and carry `/`, `%`, `_`. */
const cityArbitrary = fc
  .record({
    prefix: fc.constantFrom('', '/', '%', '_', 'a%_/'),
    shape: fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ prefix, shape }) => {
    const nodes: HierarchyNode[] = [{ id: `${prefix}c`, level: 'city', name: 'city', parentId: null }];
    shape.forEach((streets, d) => {
      const district = `${prefix}c${d}`;
      nodes.push({ id: district, level: 'district', name: district, parentId: `${prefix}c` });
      streets.forEach((communities, s) => {
        const street = `${district}/${s}`;
        nodes.push({ id: street, level: 'street', name: street, parentId: district });
        for (let k = 0; k < communities; k++) {
          nodes.push({ id: `${street}_${k}`, level: 'community', name: 'community', parentId: street });
          nodes.push({ id: `${street}_${k}%g`, level: 'grid', name: 'grid', parentId: `${street}_${k}` });
        }
      });
    });
    return createHierarchy(nodes);
  });

const scenarioArbitrary = cityArbitrary.chain((city) => {
  const ids = city.nodes().map((node) => node.id);
  const node = fc.constantFrom(...ids);
  const date = fc.constantFrom('2019-12-31', '2020-01-01', '2020-06-15', '2020-12-31', '2021-01-01');
  return fc.record({
    city: fc.constant(city),
    scope: node,
    year: fc.constant(2020),
    rules: fc.record({
      minPointsPerLeader: fc.constant(0),
      maxPointsPerLeader: fc.integer({ min: 1, max: 3 }),
      minVisitsPerYear: fc.integer({ min: 0, max: 3 }),
      coverageLevel: fc.constantFrom('community' as const, 'street' as const),
    }),
    leaders: fc.uniqueArray(
      fc.record({ id: fc.constantFrom('L', 'L1', 'L1/', 'L%', 'L_'), name: fc.constant('x'), locationId: node, homeSectorId: fc.option(node, { nil: undefined }) }).map(({ homeSectorId, ...leader }) =>
        homeSectorId === undefined ? leader : { ...leader, homeSectorId },
      ),
      { selector: (leader) => leader.id, maxLength: 5 },
    ),
    pointDrafts: fc.array(fc.record({ leader: fc.nat(), nodeId: node, visits: fc.array(date, { maxLength: 4 }) }), { maxLength: 8 }),
  });
});

describe('contact-point properties', () => {
  it('the coverage check agrees with a brute-force count', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ city, scope, year, rules, leaders, pointDrafts }) => {
        const leaderIds = ['L', 'L1', 'L1/', ...leaders.map((leader) => leader.id)];
        const points: ContactPoint[] = pointDrafts.map((draft, k) => ({ id: `p${k}`, leaderId: leaderIds[draft.leader % leaderIds.length] as string, nodeId: draft.nodeId, visits: visits(draft.visits) }));
        const report = checkContactCoverage(city, points, { scope, year, rules });
        const targets = city.nodes().filter((node) => node.level === rules.coverageLevel && city.isWithin(node.id, scope));
        expect(report.targets).toEqual(targets.map((node) => node.id));
        expect(report.uncovered).toEqual(targets.filter((target) => !points.some((point) => city.pathOf(point.nodeId).includes(target.id))).map((node) => node.id));
        const over = [...new Set(points.map((point) => point.leaderId))].filter((id) => points.filter((point) => point.leaderId === id).length > rules.maxPointsPerLeader);
        expect(report.overQuota.map((breach) => breach.leaderId).sort()).toEqual(over.sort());
        const short = points.filter((point) => city.isWithin(point.nodeId, scope) && point.visits.filter((visit) => visit.date.slice(0, 4) === '2020').length < rules.minVisitsPerYear);
        expect(report.shortOfVisits.map((entry) => entry.pointId)).toEqual(short.map((point) => point.id));
      }),
    );
  });

  it('proposals never break a quota, cover only uncovered targets, and reach full coverage when free places suffice', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ city, scope, rules, leaders, pointDrafts }) => {
        if (leaders.length === 0) return;
        const points: ContactPoint[] = pointDrafts.map((draft, k) => ({ id: `p${k}`, leaderId: (leaders[draft.leader % leaders.length] as Leader).id, nodeId: draft.nodeId, visits: [] }));
        const before = checkContactCoverage(city, points, { scope, year: 2020, rules });
        const result = proposeContactPoints(city, leaders, points, { scope, rules });
        const held = (id: string) => points.filter((point) => point.leaderId === id).length;
        const free = leaders.reduce((sum, leader) => sum + Math.max(0, rules.maxPointsPerLeader - held(leader.id)), 0);
        for (const leader of leaders) {
          const proposed = result.proposals.filter((proposal) => proposal.leaderId === leader.id).length;
          expect(proposed).toBeLessThanOrEqual(Math.max(0, rules.maxPointsPerLeader - held(leader.id)));
        }
        expect(result.proposals.map((proposal) => proposal.nodeId).sort()).toEqual(before.uncovered.filter((id) => !result.uncovered.includes(id)).sort());
        expect(result.proposals.length).toBe(Math.min(free, before.uncovered.length));
        const after = checkContactCoverage(city, [...points, ...result.proposals.map((proposal, k) => ({ id: `new${k}`, leaderId: proposal.leaderId, nodeId: proposal.nodeId, visits: [] }))], { scope, year: 2020, rules });
        expect(after.uncovered).toEqual(result.uncovered);
        if (free >= before.uncovered.length) expect(after.uncovered).toEqual([]);
      }),
    );
  });

  it('proposals are optimal: as many targets covered as possible, then the highest score, against brute force', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ city, scope, rules, leaders, pointDrafts }) => {
        if (leaders.length === 0) return;
        const points: ContactPoint[] = pointDrafts.map((draft, k) => ({ id: `p${k}`, leaderId: (leaders[draft.leader % leaders.length] as Leader).id, nodeId: draft.nodeId, visits: [] }));
        const uncovered = checkContactCoverage(city, points, { scope, year: 2020, rules }).uncovered;
        fc.pre(uncovered.length <= 6);
        // Own sector weighs 100, each hop under 12 weighs 1 (the documented defaults).
        const scoreOf = (leader: Leader, target: string) =>
          (leader.homeSectorId !== undefined && city.isWithin(target, leader.homeSectorId) ? 100 : 0) + Math.max(0, 12 - city.distance(leader.locationId, target));
        const free = leaders.map((leader) => Math.max(0, rules.maxPointsPerLeader - points.filter((point) => point.leaderId === leader.id).length));
        const best = (k: number): [number, number] => {
          if (k === uncovered.length) return [0, 0];
          let top = best(k + 1);
          leaders.forEach((leader, l) => {
            if ((free[l] as number) === 0) return;
            free[l] = (free[l] as number) - 1;
            const [count, score] = best(k + 1);
            free[l] = (free[l] as number) + 1;
            const candidate: [number, number] = [count + 1, score + scoreOf(leader, uncovered[k] as string)];
            if (candidate[0] > top[0] || (candidate[0] === top[0] && candidate[1] > top[1])) top = candidate;
          });
          return top;
        };
        const result = proposeContactPoints(city, leaders, points, { scope, rules });
        for (const proposal of result.proposals) expect(proposal.score).toBe(scoreOf(leaders.find((leader) => leader.id === proposal.leaderId) as Leader, proposal.nodeId));
        expect([result.proposals.length, result.proposals.reduce((sum, proposal) => sum + proposal.score, 0)]).toEqual(best(0));
      }),
    );
  });

  it('weights change the preference: with no sector weight the nearer leader wins', () => {
    const leaders: Leader[] = [
      { id: 'own', name: '甲', homeSectorId: 's2', locationId: 'c1' },
      { id: 'near', name: '乙', locationId: 'g4' },
    ];
    const rules = { ...CONTACT_POINT_RULES, maxPointsPerLeader: 1 };
    const byDefault = proposeContactPoints(hierarchy, leaders, [], { scope: 's2', rules });
    expect(byDefault.proposals.map((proposal) => proposal.leaderId)).toEqual(['own']);
    const nearness = proposeContactPoints(hierarchy, leaders, [], { scope: 's2', rules, weights: { sameSector: 0 } });
    expect(nearness.proposals.map((proposal) => proposal.leaderId)).toEqual(['near']);
  });
});

import { describe, expect, it } from 'vitest';
import { createHierarchy, type PartyOrganisation, validatePartyOrganisations } from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { SMALL_CITY } from '../../support/small-city.js';

const hierarchy = createHierarchy(SMALL_CITY);

/** 社区党组织 → 网格党支部 → 楼栋党小组 → 党员中心户 on c1 → g1 → b1 → h1, plus a second branch on g2. */
const GOOD: readonly PartyOrganisation[] = [
  { id: 'pc1', level: 'communityPartyOrg', name: '金谷社区党委', nodeId: 'c1', parentId: null },
  { id: 'pg1', level: 'gridBranch', name: '第1网格党支部', nodeId: 'g1', parentId: 'pc1' },
  { id: 'pg2', level: 'gridBranch', name: '第2网格党支部', nodeId: 'g2', parentId: 'pc1' },
  { id: 'pb1', level: 'buildingGroup', name: '1号楼党小组', nodeId: 'b1', parentId: 'pg1' },
  { id: 'ph1', level: 'centralHousehold', name: '101党员中心户', nodeId: 'h1', parentId: 'pb1' },
  { id: 'pc3', level: 'communityPartyOrg', name: '和平社区党委', nodeId: 'c3', parentId: null },
];

const issuesOf = (organisations: readonly unknown[]) => expectCivicGridError(() => validatePartyOrganisations(organisations, hierarchy), 'VALIDATION_FAILED').issues;
const withExtra = (...extra: PartyOrganisation[]) => [...GOOD, ...extra];

describe('validatePartyOrganisations', () => {
  it('accepts a four-level organisation mapped onto community, grid, building and household', () => {
    expect(validatePartyOrganisations(GOOD, hierarchy)).toEqual(GOOD);
    expect(validatePartyOrganisations([], hierarchy)).toEqual([]);
  });

  it('reports a duplicate id', () => {
    expect(issuesOf(withExtra({ ...(GOOD[5] as PartyOrganisation), nodeId: 'c2' }))).toEqual([{ path: [6, 'id'], message: 'duplicate party organisation id "pc3"' }]);
  });

  it('reports an organisation on an unknown node', () => {
    expect(issuesOf(withExtra({ id: 'px', level: 'buildingGroup', name: 'x', nodeId: 'ghost', parentId: 'pg1' }))).toEqual([
      { path: [6, 'nodeId'], message: 'buildingGroup "px" is attached to unknown node "ghost"' },
    ]);
  });

  it('reports an organisation on a node of the wrong level', () => {
    expect(issuesOf(withExtra({ id: 'px', level: 'gridBranch', name: 'x', nodeId: 'b2', parentId: 'pc1' }))).toEqual([
      { path: [6, 'nodeId'], message: 'gridBranch "px" must be attached to a grid, but "b2" is a building' },
      // b2's parent g1 is not c1 either: the node is wrong, so the chain is too.
      { path: [6, 'parentId'], message: expect.stringContaining('which is not below "c1"') },
    ]);
  });

  it('reports an unknown parent organisation', () => {
    expect(issuesOf(withExtra({ id: 'px', level: 'buildingGroup', name: 'x', nodeId: 'b2', parentId: 'ghost' }))).toEqual([
      { path: [6, 'parentId'], message: 'buildingGroup "px" names unknown parent organisation "ghost"' },
    ]);
  });

  it('reports a parent organisation that is not one party level up', () => {
    expect(issuesOf(withExtra({ id: 'px', level: 'centralHousehold', name: 'x', nodeId: 'h2', parentId: 'pg1' }))).toEqual([
      { path: [6, 'parentId'], message: 'the parent of centralHousehold "px" must be a buildingGroup, but "pg1" is a gridBranch' },
    ]);
  });

  it('reports an organisation whose node is not below its parent organisation’s node', () => {
    expect(issuesOf(withExtra({ id: 'px', level: 'gridBranch', name: 'x', nodeId: 'g4', parentId: 'pc1' }))).toEqual([
      { path: [6, 'parentId'], message: 'gridBranch "px" sits on "g4", which is not below "c1" where its parent "pc1" sits' },
    ]);
  });

  it('checks the schema: a community organisation has no parent, the others need one; unknown levels and keys', () => {
    const issues = issuesOf([
      { id: 'a', level: 'communityPartyOrg', name: 'a', nodeId: 'c1', parentId: 'pc1' },
      { id: 'b', level: 'gridBranch', name: 'b', nodeId: 'g1', parentId: null },
      { id: 'c', level: 'streetCommittee', name: 'c', nodeId: 's1', parentId: null },
      { id: 'd', level: 'gridBranch', name: '', nodeId: 'g1', parentId: 'a', colour: 'red' },
    ]);
    expect(issues.map((issue) => issue.path)).toEqual([[0, 'parentId'], [1, 'parentId'], [2, 'level'], [3, 'name'], [3]]);
    expect(issues[0]?.message).toBe('a community party organisation has no parent organisation');
    expect(issues[1]?.message).toBe('a gridBranch needs a parent organisation');
  });

  it('lists every violation at once', () => {
    const issues = issuesOf(
      withExtra(
        { id: 'pc1', level: 'communityPartyOrg', name: 'dup', nodeId: 'c2', parentId: null },
        { id: 'p1', level: 'buildingGroup', name: 'x', nodeId: 'ghost', parentId: 'pg1' },
        { id: 'p2', level: 'centralHousehold', name: 'x', nodeId: 'h3', parentId: 'pb1' },
      ),
    );
    expect(issues.map((issue) => issue.path)).toEqual([
      [6, 'id'],
      [7, 'nodeId'],
      [8, 'parentId'],
    ]);
  });

  it('rejects a non-array', () => {
    expect(expectCivicGridError(() => validatePartyOrganisations({} as unknown as unknown[], hierarchy), 'VALIDATION_FAILED').issues).toHaveLength(1);
  });
});

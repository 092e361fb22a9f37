import { describe, expect, it } from 'vitest';
import {
  DepartmentSchema,
  HierarchyNodeSchema,
  PARTY_ORG_ATTACHMENT,
  PARTY_ORG_LABELS,
  PARTY_ORG_LEVELS,
  PartyOrganisationSchema,
  parseWithSchema,
  UNIT_TYPE_LABELS,
  UNIT_TYPES,
  UnitSchema,
} from '../../src/index.js';
import { expectCivicGridError } from '../support/expect-error.js';

const issuesOf = (schema: Parameters<typeof parseWithSchema>[0], input: unknown) => expectCivicGridError(() => parseWithSchema(schema, input, 'input'), 'VALIDATION_FAILED').issues;

describe('HierarchyNodeSchema', () => {
  it('accepts a node with or without a code', () => {
    expect(HierarchyNodeSchema.parse({ id: 'g1', level: 'grid', name: '第1网格', parentId: 'c1', code: '61020200100101' }).code).toBe('61020200100101');
    expect(HierarchyNodeSchema.parse({ id: 'tc', level: 'city', name: '铜川市', parentId: null })).toEqual({ id: 'tc', level: 'city', name: '铜川市', parentId: null });
  });

  it('lists every bad field, including a code of the wrong length for its level', () => {
    const issues = issuesOf(HierarchyNodeSchema, { id: ' ', level: 'grid', name: '', parentId: '', code: '610202', note: 'x' });
    expect(issues.map((issue) => issue.path)).toEqual([['id'], ['name'], ['parentId'], [], ['code']]);
    expect(issuesOf(HierarchyNodeSchema, { id: 'g', level: 'grid', name: 'g', parentId: 'c', code: '610202' })).toEqual([
      { path: ['code'], message: 'a grid code has 14 or 15 digits, got 6 ("610202")' },
    ]);
  });
});

describe('UnitSchema', () => {
  it('accepts a resident unit of each type, with an optional credit code', () => {
    for (const type of UNIT_TYPES) expect(UnitSchema.parse({ id: 'u1', name: 'x', type, nodeId: 'g1' }).type).toBe(type);
    expect(UnitSchema.parse({ id: 'u1', name: '铜川市第一中学', type: 'school', nodeId: 'g1', creditCode: '12610200MB1234567X' }).creditCode).toBe('12610200MB1234567X');
    expect(UNIT_TYPE_LABELS.school).toEqual({ zh: '学校', en: 'school' });
  });

  it('lists every bad field', () => {
    const issues = issuesOf(UnitSchema, { id: 'u1', name: '', type: 'bank', nodeId: '', creditCode: '123' });
    expect(issues.map((issue) => issue.path)).toEqual([['name'], ['type'], ['nodeId'], ['creditCode']]);
    // I, O, S, V and Z are not used in credit codes.
    expect(issuesOf(UnitSchema, { id: 'u1', name: 'x', type: 'company', nodeId: 'g1', creditCode: '91610200MA6XO0000Z' }).map((issue) => issue.path)).toEqual([['creditCode']]);
  });
});

describe('DepartmentSchema', () => {
  it('accepts a line department and lists every bad field', () => {
    expect(DepartmentSchema.parse({ id: 'mz', name: '民政局', sector: 'civil-affairs', nodeId: 'tc' }).sector).toBe('civil-affairs');
    expect(issuesOf(DepartmentSchema, { id: 'mz', name: '', nodeId: 3, extra: true }).map((issue) => issue.path)).toEqual([['name'], ['sector'], ['nodeId'], []]);
  });
});

describe('PartyOrganisationSchema', () => {
  it('maps the four party levels onto community, grid, building and household', () => {
    expect(PARTY_ORG_LEVELS).toEqual(['communityPartyOrg', 'gridBranch', 'buildingGroup', 'centralHousehold']);
    expect(PARTY_ORG_ATTACHMENT).toEqual({ communityPartyOrg: 'community', gridBranch: 'grid', buildingGroup: 'building', centralHousehold: 'household' });
    expect(PARTY_ORG_LABELS.gridBranch.zh).toBe('网格党支部');
  });

  it('requires a parent below the community level and none at it', () => {
    expect(PartyOrganisationSchema.parse({ id: 'p', level: 'communityPartyOrg', name: 'x', nodeId: 'c1', parentId: null }).parentId).toBeNull();
    expect(issuesOf(PartyOrganisationSchema, { id: 'p', level: 'centralHousehold', name: 'x', nodeId: 'h1', parentId: null })).toEqual([
      { path: ['parentId'], message: 'a centralHousehold needs a parent organisation' },
    ]);
  });
});

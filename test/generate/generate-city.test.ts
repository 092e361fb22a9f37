import { describe, expect, it } from 'vitest';
import { type CityScale, createHierarchy, generateCity, MEGACITY_SCALE, parseDivisionCode, SeededRandom, TONGCHUAN_SCALE } from '../../src/index.js';
import { expectCivicGridError } from '../support/expect-error.js';

const TINY: CityScale = {
  cityName: '小城',
  cityNameEn: 'Tiny',
  cityCode: '610200',
  districts: [
    { name: '甲区', code: '610202' },
    { name: '乙区', code: '610203' },
  ],
  streets: 3,
  communities: 4,
  grids: 6,
  householdsPerGrid: [20, 30],
  householdsPerBuilding: [4, 9],
  units: 5,
};

const tongchuan = generateCity({ seed: 2020 });
const countOf = (level: string) => tongchuan.nodes.filter((node) => node.level === level).length;

describe('generateCity: Tongchuan', () => {
  it('gives every node down to buildings an English or pinyin name, unique among its siblings', () => {
    const named = tongchuan.nodes.filter((node) => node.level !== 'household');
    expect(named.filter((node) => node.nameEn === undefined || /[\u3000-\u9fff]/u.test(node.nameEn))).toEqual([]);
    expect(named.filter((node) => node.level === 'district').map((node) => [node.name, node.nameEn])).toEqual([
      ['王益区', 'Wangyi District'],
      ['印台区', 'Yintai District'],
      ['耀州区', 'Yaozhou District'],
      ['宜君县', 'Yijun County'],
    ]);
    const first = named.filter((node) => node.level === 'community')[0];
    expect(first).toMatchObject({ name: '金谷社区', nameEn: 'Jingu Community' });
    const keys = named.map((node) => `${node.parentId}/${node.nameEn}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has the shape the seed reports: 4 districts with their county codes, 72 communities, 1,206 grids, 716 units', () => {
    expect(tongchuan.scale).toBe(TONGCHUAN_SCALE);
    expect(tongchuan.nodes.filter((node) => node.level === 'district').map((node) => node.code)).toEqual(['610202', '610203', '610204', '610222']);
    expect(countOf('city')).toBe(1);
    expect(countOf('street')).toBe(18);
    expect(countOf('community')).toBe(72);
    expect(countOf('grid')).toBe(1206);
    expect(countOf('household')).toBe(0);
    expect(countOf('building')).toBe(tongchuan.buildings.length);
    expect(tongchuan.units).toHaveLength(716);
  });

  it('passes createHierarchy, with every code valid for its level', () => {
    const hierarchy = createHierarchy(tongchuan.nodes);
    expect(hierarchy.size).toBe(tongchuan.nodes.length);
    expect(hierarchy.root.code).toBe('610200');
    // One assertion per level over all nodes: an expect per node costs seconds.
    const readings = (level: 'street' | 'community' | 'grid') =>
      new Set(
        hierarchy.atLevel(level).map((node) => {
          const parsed = parseDivisionCode(node.code as string);
          return `${node.code?.length} ${parsed.level} ${parsed.kind}`;
        }),
      );
    expect(readings('street')).toEqual(new Set(['9 township street']));
    expect(readings('community')).toEqual(new Set(['12 village residentsCommittee']));
    expect(readings('grid')).toEqual(new Set(['14 grid residentsCommittee']));
  });

  it('puts 300–500 households in every grid, in buildings that belong to it', () => {
    const householdsByGrid = new Map<string, number>();
    const gridOf = new Map(tongchuan.nodes.filter((node) => node.level === 'building').map((node) => [node.id, node.parentId]));
    for (const building of tongchuan.buildings) householdsByGrid.set(building.gridId, (householdsByGrid.get(building.gridId) ?? 0) + building.households);
    expect(tongchuan.buildings.filter((building) => gridOf.get(building.id) !== building.gridId || building.households < 1)).toEqual([]);
    expect(householdsByGrid.size).toBe(1206);
    const counts = [...householdsByGrid.values()];
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(300);
    expect(Math.max(...counts)).toBeLessThanOrEqual(500);
  });

  it('locates every unit in a grid, and gives compounds only to units that exist', () => {
    const gridIds = new Set(tongchuan.nodes.filter((node) => node.level === 'grid').map((node) => node.id));
    const unitIds = new Set(tongchuan.units.map((unit) => unit.id));
    expect(unitIds.size).toBe(716);
    expect(tongchuan.units.filter((unit) => !gridIds.has(unit.nodeId))).toEqual([]);
    const sites = tongchuan.buildings.flatMap((building) => (building.site === undefined ? [] : [building.site]));
    expect(sites.length).toBeGreaterThan(0);
    expect(sites.filter((site) => !unitIds.has(site))).toEqual([]);
  });
});

describe('generateCity: determinism', () => {
  it('gives the same city for the same seed and a different one for another seed', () => {
    // Compared as JSON text: a deep toEqual over ~30,000 objects is slow.
    expect(JSON.stringify(generateCity({ seed: 2020 }))).toBe(JSON.stringify(tongchuan));
    const other = generateCity({ seed: 7, scale: TINY });
    expect(generateCity({ seed: 7, scale: TINY })).toEqual(other);
    expect(generateCity({ seed: 8, scale: TINY })).not.toEqual(other);
  });

  it('never reads Math.random', () => {
    const original = Math.random;
    Math.random = () => {
      throw new Error('Math.random was called');
    };
    try {
      expect(generateCity({ seed: 1, scale: TINY }).nodes.length).toBeGreaterThan(0);
    } finally {
      Math.random = original;
    }
  });
});

describe('generateCity: custom scales', () => {
  it('builds a tiny city to the requested counts', () => {
    const city = generateCity({ seed: 3, scale: TINY });
    const count = (level: string) => city.nodes.filter((node) => node.level === level).length;
    expect([count('district'), count('street'), count('community'), count('grid')]).toEqual([2, 3, 4, 6]);
    expect(city.units).toHaveLength(5);
    expect(createHierarchy(city.nodes).size).toBe(city.nodes.length);
  });

  it('adds one household node per household with `households: true`', () => {
    const city = generateCity({ seed: 3, scale: TINY, households: true });
    const hierarchy = createHierarchy(city.nodes);
    const households = hierarchy.atLevel('household');
    expect(households.length).toBe(city.buildings.reduce((sum, building) => sum + building.households, 0));
    for (const building of city.buildings) expect(hierarchy.childIds(building.id)).toHaveLength(building.households);
    for (const household of households) expect(hierarchy.parent(household.id)?.level).toBe('building');
    const withoutHouseholds = generateCity({ seed: 3, scale: TINY });
    expect(city.nodes.filter((node) => node.level !== 'household')).toEqual(withoutHouseholds.nodes);
  });

  it('uses 3-digit (15-digit code) grid sequences in a community of more than 99 grids', () => {
    const city = generateCity({ seed: 1, scale: { ...TINY, districts: [{ name: '甲区', code: '610202' }], streets: 1, communities: 1, grids: 120, units: 0 } });
    const grids = city.nodes.filter((node) => node.level === 'grid');
    expect(grids).toHaveLength(120);
    for (const grid of grids) expect(grid.code).toHaveLength(15);
    expect(createHierarchy(city.nodes).size).toBe(city.nodes.length);
  });

  it('describes the megacity without building it here (the bench builds it)', () => {
    expect(MEGACITY_SCALE.districts).toHaveLength(16);
    expect(MEGACITY_SCALE.streets).toBe(300);
    expect(MEGACITY_SCALE.communities).toBe(7000);
    expect(MEGACITY_SCALE.grids).toBe(100_000);
  });
});

describe('generateCity: bad input', () => {
  it('lists every bad option', () => {
    const error = expectCivicGridError(() => generateCity({ seed: 1.5, scale: 'atlantis', colour: 'red' } as never), 'VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual([['seed'], ['scale'], []]);
  });

  it('checks a custom scale field by field (regression: a bad scale crashed with a TypeError)', () => {
    const error = expectCivicGridError(() => generateCity({ seed: 1, scale: { cityName: '小城' } as never }), 'VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path.join('.'))).toEqual([
      'scale.cityNameEn',
      'scale.cityCode',
      'scale.districts',
      'scale.streets',
      'scale.communities',
      'scale.grids',
      'scale.householdsPerGrid',
      'scale.householdsPerBuilding',
      'scale.units',
    ]);
  });

  it('refuses a scale with an empty level or a district outside the city (regression: left levels empty or crashed)', () => {
    const error = expectCivicGridError(
      () => generateCity({ seed: 1, scale: { ...TINY, districts: [...TINY.districts, { name: '丙区', code: '620101' }], streets: 2, communities: 1, grids: 0 } }),
      'VALIDATION_FAILED',
    );
    expect(error.issues).toEqual([
      { path: ['scale', 'streets'], message: 'needs at least one per district (3), got 2' },
      { path: ['scale', 'communities'], message: 'needs at least one per street (2), got 1' },
      { path: ['scale', 'grids'], message: 'needs at least one per community (1), got 0' },
      { path: ['scale', 'districts', 2, 'code'], message: 'district code "620101" is not in city "610200"' },
    ]);
  });

  it('refuses empty or inverted household ranges (regression: [0, 0] looped forever)', () => {
    const error = expectCivicGridError(() => generateCity({ seed: 1, scale: { ...TINY, householdsPerGrid: [50, 40], householdsPerBuilding: [0, 0] } }), 'VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path.join('.'))).toEqual(['scale.householdsPerGrid', 'scale.householdsPerBuilding.0', 'scale.householdsPerBuilding.1']);
  });

  it('requires a seed', () => {
    expect(expectCivicGridError(() => generateCity({} as never), 'VALIDATION_FAILED').issues.map((issue) => issue.path)).toEqual([['seed']]);
    expect(expectCivicGridError(() => generateCity(null as never), 'VALIDATION_FAILED').issues).toHaveLength(1);
  });
});

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and stays in range', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const draws = Array.from({ length: 200 }, () => [a.int(3, 7), a.float(), a.pick(['x', 'y'])] as const);
    expect(Array.from({ length: 200 }, () => [b.int(3, 7), b.float(), b.pick(['x', 'y'])])).toEqual(draws);
    for (const [int, float] of draws) {
      expect(int).toBeGreaterThanOrEqual(3);
      expect(int).toBeLessThanOrEqual(7);
      expect(float).toBeGreaterThanOrEqual(0);
      expect(float).toBeLessThan(1);
    }
    expect(new SeededRandom(43).float()).not.toBe(new SeededRandom(42).float());
    expect(Number.isFinite(new SeededRandom(1).normal())).toBe(true);
  });

  it('refuses to pick from an empty list', () => {
    expect(() => new SeededRandom(1).pick([])).toThrow(RangeError);
  });
});

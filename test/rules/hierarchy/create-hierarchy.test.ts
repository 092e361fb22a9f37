import { describe, expect, it } from 'vitest';
import { createHierarchy, CivicGridError } from '../../src/index.js';

const tiny = [
  { id: 'tc', level: 'city', name: '铜川市', parentId: null, code: '610200' },
  { id: 'wy', level: 'district', name: '王益区', parentId: 'tc', code: '610202' },
  { id: 's1', level: 'street', name: '七一路街道', parentId: 'wy', code: '610202001' },
  { id: 'c1', level: 'community', name: '社区一', parentId: 's1', code: '610202001001' },
  { id: 'g1', level: 'grid', name: '网格一', parentId: 'c1', code: '61020200100101' },
  { id: 'b1', level: 'building', name: '1号楼', parentId: 'g1' },
  { id: 'h1', level: 'household', name: '101', parentId: 'b1' },
] as const;

describe('createHierarchy', () => {
  it('builds and answers ancestor queries parent first', () => {
    const h = createHierarchy([...tiny]);
    expect(h.size).toBe(7);
    expect(h.ancestors('h1').map((n) => n.id)).toEqual(['b1', 'g1', 'c1', 's1', 'wy', 'tc']);
  });

  it('lists every violation', () => {
    const bad = [...tiny, { id: 'g2', level: 'grid', name: 'x', parentId: 's1' }, { id: 'zz', level: 'building', name: 'y', parentId: 'nope' }];
    const error = (() => {
      try {
        createHierarchy(bad);
      } catch (e) {
        return e as CivicGridError;
      }
      throw new Error('expected a throw');
    })();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((i) => i.path)).toEqual([[7, 'parentId'], [8, 'parentId']]);
  });
});

import type { HierarchyNode } from '../../src/index.js';

/**
 * A small coded city: two districts, three communities, four grids (one with
 * a 15-digit code), four buildings and three households.
 *
 *   tc 610200 ─ wy 610202 ─ s1 610202001 ─ c1 610202001001 ─ g1 …01 ─ b1 ─ h1, h2
 *            │                           │                │        └ b2
 *            │                           │                └ g2 …02
 *            │                           └ c2 610202001002 ─ g3 …01 ─ b3 ─ h3
 *            └ yt 610203 ─ s2 610203001 ─ c3 610203001001 ─ g4 …001 ─ b4
 */
export const SMALL_CITY: readonly HierarchyNode[] = Object.freeze([
  { id: 'tc', level: 'city', name: '铜川市', parentId: null, code: '610200' },
  { id: 'wy', level: 'district', name: '王益区', parentId: 'tc', code: '610202' },
  { id: 'yt', level: 'district', name: '印台区', parentId: 'tc', code: '610203' },
  { id: 's1', level: 'street', name: '七一路街道', parentId: 'wy', code: '610202001' },
  { id: 's2', level: 'street', name: '城关街道', parentId: 'yt', code: '610203001' },
  { id: 'c1', level: 'community', name: '金谷社区', parentId: 's1', code: '610202001001' },
  { id: 'c2', level: 'community', name: '阳光社区', parentId: 's1', code: '610202001002' },
  { id: 'c3', level: 'community', name: '和平社区', parentId: 's2', code: '610203001001' },
  { id: 'g1', level: 'grid', name: '第1网格', parentId: 'c1', code: '61020200100101' },
  { id: 'g2', level: 'grid', name: '第2网格', parentId: 'c1', code: '61020200100102' },
  { id: 'g3', level: 'grid', name: '第1网格', parentId: 'c2', code: '61020200100201' },
  { id: 'g4', level: 'grid', name: '第1网格', parentId: 'c3', code: '610203001001001' },
  { id: 'b1', level: 'building', name: '1号楼', parentId: 'g1' },
  { id: 'b2', level: 'building', name: '2号楼', parentId: 'g1', code: 'B-2' },
  { id: 'b3', level: 'building', name: '1号楼', parentId: 'g3' },
  { id: 'b4', level: 'building', name: '1号楼', parentId: 'g4' },
  { id: 'h1', level: 'household', name: '101室', parentId: 'b1' },
  { id: 'h2', level: 'household', name: '102室', parentId: 'b1' },
  { id: 'h3', level: 'household', name: '101室', parentId: 'b3' },
] satisfies HierarchyNode[]);

/** A fresh, mutable copy of SMALL_CITY's nodes. */
export function smallCityNodes(): HierarchyNode[] {
  return SMALL_CITY.map((node) => ({ ...node }));
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeScope, encodeScope } from '../../../src/adapters/scope.js';
import type { HierarchyNode } from '../../../src/model/hierarchy-node.js';
import { createHierarchy } from '../../../src/rules/hierarchy/hierarchy.js';
import { indexHierarchy } from '../../../src/rules/kpi/compile.js';
import { recordScopePlacer, rowPlacer } from '../../../src/services/kpi/scope-key-placement.js';

/** Ids that are prefixes of each other, hold what the scope encoding escapes, and spell other ids' escapes ('%2F'). */
const escapingId = fc.string({ unit: fc.constantFrom('a', 'b', '/', '%', '2', 'F', '_'), minLength: 1, maxLength: 4 });
/** Ids that are prefixes of each other and need no escape (keys the walk from the root takes), some with a character that sorts before '/'. */
const plainId = fc.string({ unit: fc.constantFrom('a', 'b', '2', '-', '_'), minLength: 1, maxLength: 4 });
const LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const;

/**
 * A city whose first district has 33 to 40 streets (past the children a
 * walk scans), the rest one to three children; and beside each node whose
 * id the encoding escapes, a twin whose id is that escape as written.
 */
const cityArbitrary = (nodeId: fc.Arbitrary<string>) => fc.tuple(fc.uniqueArray(nodeId, { minLength: 60, maxLength: 60 }), fc.integer({ min: 33, max: 40 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 60, maxLength: 60 })).map(([ids, wide, fanOut]) => {
  const nodes: HierarchyNode[] = [{ id: ids[0] as string, level: 'city', name: 'c', parentId: null }];
  let next = 1;
  const grow = (parent: HierarchyNode, depth: number): void => {
    if (depth >= LEVELS.length) return;
    const isWide = next === 2;
    const children = isWide ? wide : Math.max(depth === 1 ? 1 : 0, fanOut[next % fanOut.length] as number);
    for (let child = 0; child < children && next < ids.length; child++) {
      const node: HierarchyNode = { id: ids[next++] as string, level: LEVELS[depth] as HierarchyNode['level'], name: 'n', parentId: parent.id };
      nodes.push(node);
      if (!isWide || child === 0) grow(node, depth + 1);
    }
  };
  grow(nodes[0] as HierarchyNode, 1);
  const taken = new Set(nodes.map((node) => node.id));
  for (const node of [...nodes]) {
    const escaped = encodeScope([node.id]).slice(1, -1);
    if (escaped === node.id || taken.has(escaped) || node.parentId === null) continue;
    taken.add(escaped);
    nodes.push({ ...node, id: escaped });
  }
  const ordered = createHierarchy(nodes);
  return { hierarchy: ordered, ids: nodes.map((node) => node.id), unused: ids.slice(next).filter((id) => !taken.has(id)) };
});

type Placed = { node: string } | { none: true } | { throws: true };

/** What the placers promise, written plainly on the decoded path. */
function expectedRow(ids: Set<string>, pathOf: (id: string) => string[], key: string): Placed {
  const path = decodeScope(key);
  if (path.length === 0 || path.includes('')) return { none: true };
  const last = path.at(-1) as string;
  if (!ids.has(last)) return { none: true };
  return encodeScope(pathOf(last)) === key ? { node: last } : { throws: true };
}

function expectedRecordScope(ids: Set<string>, pathOf: (id: string) => string[], key: string): Placed {
  const path = decodeScope(key);
  const end = path.indexOf('');
  for (let depth = (end === -1 ? path.length : end) - 1; depth >= 0; depth--) {
    const id = path[depth] as string;
    if (!ids.has(id)) continue;
    return encodeScope(pathOf(id)) === encodeScope(path.slice(0, depth + 1)) ? { node: id } : { throws: true };
  }
  return { none: true };
}

/** '/a/b/c/' → '/a/', '/a/b/'. */
const leadingSegments = (key: string): string[] => [...key.matchAll(/\//g)].map((match) => key.slice(0, (match.index as number) + 1)).filter((prefix) => prefix.length > 1 && prefix.length < key.length);

const ascending = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function placed(nodes: ReturnType<typeof indexHierarchy>, place: (key: unknown) => number | undefined, key: string): Placed {
  try {
    const node = place(key);
    return node === undefined ? { none: true } : { node: nodes.ids[node] as string };
  } catch {
    return { throws: true };
  }
}

describe('scope keys placed on the hierarchy (computeKpisInDatabase)', () => {
  it.each([
    ['ids the encoding escapes', escapingId],
    ['plain ids', plainId],
  ])('find the node a key names, or none, or refuse a contradiction, as the decoded path says: node paths, paths extended below, other ids swapped in, empty ids (%s)', (_, nodeId) => {
    fc.assert(
      fc.property(
        cityArbitrary(nodeId),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('exact', 'below', 'swapped', 'unknown', 'empty', 'cut')), { minLength: 1, maxLength: 40 }),
        ({ hierarchy, ids, unused }, picks) => {
          const nodes = indexHierarchy(hierarchy);
          const known = new Set(ids);
          const pathOf = (id: string): string[] => hierarchy.pathOf(id);
          const keys = picks.map(([first, second, shape]) => {
            const path = pathOf(ids[first % ids.length] as string);
            const other = ids[second % ids.length] as string;
            const keyPath =
              shape === 'exact' ? path
              : shape === 'below' ? [...path, unused[0] ?? 'zz', ...(second % 2 === 0 ? [] : ['yy'])]
              : shape === 'swapped' ? [...path.slice(0, -1), other]
              : shape === 'unknown' ? [...path.slice(0, -1), unused[1] ?? 'zz', ...(second % 2 === 0 ? [] : [other])]
              : shape === 'empty' ? [...path.slice(0, second % path.length), '', ...path.slice(second % path.length)]
              : path.slice(second % path.length);
            return encodeScope(keyPath);
          });
          // As drawn; in scope order, as the roll-up sends them (each key then shares most of its path with the one before);
          // and each key followed by the leading segments of the key before it (a walk that stopped short must not leave its ids to them).
          const withPrefixes = keys.flatMap((key, index) => [key, ...leadingSegments(keys[index - 1] ?? '')]);
          for (const order of [keys, [...keys].sort(ascending), withPrefixes]) {
            const [placeRow, placeRecord] = [rowPlacer(nodes), recordScopePlacer(nodes)];
            for (const key of order) {
              expect(placed(nodes, placeRow, key), `row ${key}`).toEqual(expectedRow(known, pathOf, key));
              expect(placed(nodes, placeRecord, key), `record scope ${key}`).toEqual(expectedRecordScope(known, pathOf, key));
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('do not take the ids a walk found before it stopped short for the key before it', () => {
    const nodes = indexHierarchy(
      createHierarchy([
        { id: 'c', level: 'city', name: 'c', parentId: null },
        { id: 'd1', level: 'district', name: 'n', parentId: 'c' },
        { id: 'd2', level: 'district', name: 'n', parentId: 'c' },
        { id: 's1', level: 'street', name: 'n', parentId: 'd1' },
      ]),
    );
    const [placeRow, placeRecord] = [rowPlacer(nodes), recordScopePlacer(nodes)];
    // The second key walks c, d2 and stops at zz; the third shares c, d1 with the first.
    expect(['/c/d1/s1/', '/c/d2/zz/', '/c/d1/'].map((key) => [placed(nodes, placeRow, key), placed(nodes, placeRecord, key)])).toEqual([
      [{ node: 's1' }, { node: 's1' }],
      [{ none: true }, { node: 'd2' }],
      [{ node: 'd1' }, { node: 'd1' }],
    ]);
  });
});

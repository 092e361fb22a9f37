import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackedAdjacency } from '../../../src/rules/matching/packed-adjacency.js';

type Step =
  | { kind: 'addNodes'; nodes: number }
  | { kind: 'push'; node: number; other: number; score: number }
  | { kind: 'remove'; node: number; slot: number }
  | { kind: 'reserve'; degrees: number[] };

// Few nodes and mostly pushes, so that nodes outgrow their room, move past each other and the pool compacts.
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('addNodes' as const), nodes: fc.integer({ min: 0, max: 2 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('push' as const), node: fc.nat(), other: fc.integer({ min: -5, max: 5 }), score: fc.double({ noNaN: true }) }), weight: 20 },
  { arbitrary: fc.record({ kind: fc.constant('remove' as const), node: fc.nat(), slot: fc.nat() }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('reserve' as const), degrees: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 8 }) }), weight: 1 },
);

interface Entry {
  other: number;
  score: number;
  edge: number;
}

function entriesOf(adjacency: PackedAdjacency, node: number): Entry[] {
  const start = adjacency.start[node] as number;
  return Array.from({ length: adjacency.count[node] as number }, (_, k) => ({
    other: adjacency.other[start + k] as number,
    score: adjacency.score[start + k] as number,
    edge: adjacency.edge[start + k] as number,
  }));
}

describe('PackedAdjacency', () => {
  it('holds exactly what plain lists with swap-with-last removal hold, in the same order, through moves and compactions', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200, size: 'max' }), (steps) => {
        const adjacency = new PackedAdjacency();
        const lists: Entry[][] = [];
        let nextEdge = 0;
        for (const s of steps) {
          if (s.kind === 'addNodes') {
            adjacency.addNodes(s.nodes);
            for (let k = 0; k < s.nodes; k++) lists.push([]);
          } else if (s.kind === 'reserve') {
            adjacency.reserve(s.degrees);
          } else if (lists.length > 0) {
            const node = s.node % lists.length;
            const list = lists[node] as Entry[];
            if (s.kind === 'push') {
              const entry = { other: s.other, score: s.score, edge: nextEdge++ };
              expect(adjacency.push(node, entry.other, entry.score, entry.edge)).toBe(list.length);
              list.push(entry);
            } else if (list.length > 0) {
              const slot = s.slot % list.length;
              const last = list.pop() as Entry;
              const moved = slot < list.length ? last.edge : -1;
              if (slot < list.length) list[slot] = last;
              expect(adjacency.removeAt(node, slot)).toBe(moved);
            }
          }
          // Every node, not only the one touched: a move or an overflow must not disturb the others.
          expect(adjacency.nodeCount).toBe(lists.length);
          lists.forEach((list, node) => expect(entriesOf(adjacency, node)).toEqual(list));
        }
      }),
      { numRuns: 100 },

    );
  });

});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GraphScratch } from '../../../src/rules/grids/connected-pieces.js';
import { csrFromEdges, type LocalGraph } from '../../../src/rules/grids/local-graph.js';
import { Parts } from '../../../src/rules/grids/parts.js';
import { refineCut } from '../../../src/rules/grids/refine-cut.js';

/** A side × side lattice (4-neighbour) with the given households, split into vertical stripes of `stripe` columns. */
function stripedLattice(side: number, stripe: number, households: number[]): { graph: LocalGraph; part: Int32Array } {
  const a: number[] = [];
  const b: number[] = [];
  const at = (x: number, y: number): number => y * side + x;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (x + 1 < side) a.push(at(x, y)), b.push(at(x + 1, y));
      if (y + 1 < side) a.push(at(x, y)), b.push(at(x, y + 1));
    }
  }
  const n = side * side;
  const { offsets, targets } = csrFromEdges(n, Int32Array.from(a), Int32Array.from(b));
  const xs = Float64Array.from({ length: n }, (_, v) => v % side);
  const ys = Float64Array.from({ length: n }, (_, v) => Math.floor(v / side));
  const w = Float64Array.from({ length: n }, (_, v) => households[v % households.length] as number);
  const part = Int32Array.from({ length: n }, (_, v) => Math.floor((v % side) / stripe));
  return { graph: { n, offsets, targets, xs, ys, w, globalOf: Int32Array.from({ length: n }, (_, v) => v) }, part };
}

function cutEdges(graph: LocalGraph, part: Int32Array): number {
  let cut = 0;
  for (let v = 0; v < graph.n; v++) for (let e = graph.offsets[v]!; e < graph.offsets[v + 1]!; e++) if (part[graph.targets[e]!] !== part[v]) cut += 1;
  return cut / 2;
}

describe('refineCut', () => {
  it('never raises the cut, keeps every grid within the bounds it met and connected', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 2, max: 4 }), (households, stripe) => {
        const side = 12;
        const { graph, part } = stripedLattice(side, stripe, households);
        const parts = new Parts(graph, part, Math.ceil(side / stripe));
        const weights = [...parts.weight];
        const bounds = { min: Math.min(...weights) - 10, max: Math.max(...weights) + 10 };
        const before = cutEdges(graph, part);
        const scratch = new GraphScratch(graph);
        refineCut(parts, scratch, bounds, () => false);
        expect(cutEdges(graph, parts.part)).toBeLessThanOrEqual(before);
        for (let p = 0; p < parts.count; p++) {
          expect(parts.weight[p]).toBeGreaterThanOrEqual(bounds.min);
          expect(parts.weight[p]).toBeLessThanOrEqual(bounds.max);
          expect(scratch.pieces(parts.members[p]!, parts.part, p)).toHaveLength(1);
        }
      }),
      { numRuns: 40, seed: 13 },
    );
  });

  it('straightens a jagged boundary between two grids', () => {
    // Two 6 × 6 halves whose boundary zigzags: the best split is the straight one.
    const { graph } = stripedLattice(6, 3, [1]);
    const part = Int32Array.from({ length: 36 }, (_, v) => ((v % 6) + (Math.floor(v / 6) % 2 === 0 ? 1 : 0) < 3 ? 0 : 1));
    const parts = new Parts(graph, part, 2);
    const before = cutEdges(graph, part);
    refineCut(parts, new GraphScratch(graph), { min: 15, max: 21 }, () => false);
    expect(cutEdges(graph, parts.part)).toBeLessThan(before);
  });
});

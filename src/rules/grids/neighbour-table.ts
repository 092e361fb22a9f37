import { LayeredMap } from '../hierarchy/layered-map.js';

const NONE = new Int32Array(0);

/**
 * Immutable adjacency lists: compressed rows for the buildings a plan was
 * allocated with, plus replaced rows for buildings whose neighbours changed
 * since. An update copies only the changed rows, so rebalancing one building
 * in a city of 50,000 costs microseconds, not a rebuild.
 */
export class NeighbourTable {
  private constructor(
    private readonly offsets: Int32Array,
    private readonly targets: Int32Array,
    private readonly replaced: LayeredMap<number, Int32Array>,
  ) {}

  static fromRows(offsets: Int32Array, targets: Int32Array): NeighbourTable {
    return new NeighbourTable(offsets, targets, LayeredMap.adopt(new Map()));
  }

  neighbours(v: number): Int32Array {
    const row = this.replaced.get(v);
    if (row !== undefined) return row;
    if (v + 1 >= this.offsets.length) return NONE;
    return this.targets.subarray(this.offsets[v] as number, this.offsets[v + 1] as number);
  }

  with(rows: ReadonlyMap<number, Int32Array>): NeighbourTable {
    return rows.size === 0 ? this : new NeighbourTable(this.offsets, this.targets, this.replaced.with(rows));
  }
}

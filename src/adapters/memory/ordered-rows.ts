import { compareCodePoints } from '../internal.js';
import type { OrderDirection, OrderField, PageAfter } from '../port.js';

/** What an ordering reads from a row: its id and its ISO times. */
export interface OrderedRow {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function orderValue(row: OrderedRow, field: OrderField): string {
  return field === 'id' ? row.id : row[field];
}

/** (field value, id) order by code point, as the SQL adapters sort with C collation. */
export function compareRows(a: OrderedRow, b: OrderedRow, field: OrderField): number {
  return compareCodePoints(orderValue(a, field), orderValue(b, field)) || compareCodePoints(a.id, b.id);
}

/** Where `row` lies against a cursor position: negative before it, 0 on it, positive after it. */
export function compareToCursor(row: OrderedRow, field: OrderField, key: PageAfter): number {
  return compareCodePoints(orderValue(row, field), key.value) || compareCodePoints(row.id, key.id);
}

/** Rows per block before it splits in two; big enough that the block list stays short, small enough that a splice is cheap. */
const BLOCK_SIZE = 512;

/**
 * One kind's rows sorted by (field, id): a list of sorted blocks (a two-level
 * B-tree). Adding or deleting a row costs O(log n + block), and a page starts
 * at its cursor by binary search, so reading page k costs the same as page 1
 * and nothing is ever re-sorted.
 */
export class OrderedRows<R extends OrderedRow> {
  private readonly blocks: R[][] = [];

  constructor(private readonly field: OrderField) {}

  add(row: R): void {
    let [blockIndex, index] = this.bound(this.keyOf(row), false);
    if (blockIndex === this.blocks.length) {
      // Larger than every row: it goes at the end of the last block.
      if (blockIndex === 0) {
        this.blocks.push([row]);
        return;
      }
      blockIndex -= 1;
      index = (this.blocks[blockIndex] as R[]).length;
    }
    const block = this.blocks[blockIndex] as R[];
    block.splice(index, 0, row);
    if (block.length > 2 * BLOCK_SIZE) this.blocks.splice(blockIndex, 1, block.slice(0, BLOCK_SIZE), block.slice(BLOCK_SIZE));
  }

  /** Removes the row with `row`'s id and order value, if present. */
  delete(row: R): void {
    const [blockIndex, index] = this.bound(this.keyOf(row), false);
    const block = this.blocks[blockIndex];
    if (block === undefined || block[index]?.id !== row.id) return;
    block.splice(index, 1);
    if (block.length === 0) this.blocks.splice(blockIndex, 1);
  }

  /**
   * Visits rows strictly after `after` in `direction` (from the start without
   * it) until `visit` returns false.
   */
  walk(direction: OrderDirection, after: PageAfter | undefined, visit: (row: R) => boolean): void {
    if (direction === 'asc') {
      let [blockIndex, index] = after === undefined ? [0, 0] : this.bound(after, true);
      for (; blockIndex < this.blocks.length; blockIndex += 1, index = 0) {
        const block = this.blocks[blockIndex] as R[];
        for (; index < block.length; index += 1) if (!visit(block[index] as R)) return;
      }
      return;
    }
    // Descending: start just before the first row ≥ the cursor.
    let [blockIndex, index] = after === undefined ? [this.blocks.length, 0] : this.bound(after, false);
    index -= 1;
    if (index < 0) {
      blockIndex -= 1;
      index = (this.blocks[blockIndex]?.length ?? 0) - 1;
    }
    for (; blockIndex >= 0; blockIndex -= 1, index = (this.blocks[blockIndex]?.length ?? 0) - 1) {
      const block = this.blocks[blockIndex] as R[];
      for (; index >= 0; index -= 1) if (!visit(block[index] as R)) return;
    }
  }

  private keyOf(row: OrderedRow): PageAfter {
    return { value: orderValue(row, this.field), id: row.id };
  }

  /**
   * The position of the first row > `key` (strict) or ≥ `key`: [block, index
   * in block], or [blocks.length, 0] when every row is smaller.
   */
  private bound(key: PageAfter, strict: boolean): [number, number] {
    let low = 0;
    let high = this.blocks.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const block = this.blocks[middle] as R[];
      if (this.before(block[block.length - 1] as R, key, strict)) low = middle + 1;
      else high = middle;
    }
    const block = this.blocks[low];
    if (block === undefined) return [low, 0];
    let first = 0;
    let last = block.length;
    while (first < last) {
      const middle = (first + last) >>> 1;
      if (this.before(block[middle] as R, key, strict)) first = middle + 1;
      else last = middle;
    }
    return [low, first];
  }

  /** True when `row` comes before the bound: before `key`, or on it too when the bound is strict. */
  private before(row: R, key: PageAfter, strict: boolean): boolean {
    const order = compareToCursor(row, this.field, key);
    return strict ? order <= 0 : order < 0;
  }
}

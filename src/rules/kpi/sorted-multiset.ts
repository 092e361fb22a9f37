const CHUNK = 256;

/**
 * A sorted multiset of numbers in typed-array chunks of at most 2 × 256
 * values: insert and delete cost O(log n + 256) (two binary searches and a
 * native copyWithin), selecting the k-th value O(n / 256). It keeps exact
 * duration quantiles current without re-sorting.
 */
export class SortedMultiset {
  private chunks: Float64Array[] = [];
  private lengths: number[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(value: number): void {
    this.count++;
    if (this.chunks.length === 0) {
      const first = new Float64Array(2 * CHUNK);
      first[0] = value;
      this.chunks.push(first);
      this.lengths.push(1);
      return;
    }
    const index = this.chunkFor(value);
    const chunk = this.chunks[index] as Float64Array;
    const length = this.lengths[index] as number;
    const at = lowerBound(chunk, length, value);
    chunk.copyWithin(at + 1, at, length);
    chunk[at] = value;
    if (length + 1 < chunk.length) {
      this.lengths[index] = length + 1;
      return;
    }
    // Full: move the upper half to a new chunk.
    const upper = new Float64Array(2 * CHUNK);
    upper.set(chunk.subarray(CHUNK, length + 1));
    this.chunks.splice(index + 1, 0, upper);
    this.lengths.splice(index + 1, 0, length + 1 - CHUNK);
    this.lengths[index] = CHUNK;
  }

  /** Removes one occurrence; false when `value` is absent. */
  delete(value: number): boolean {
    if (this.chunks.length === 0) return false;
    const index = this.chunkFor(value);
    const chunk = this.chunks[index] as Float64Array;
    const length = this.lengths[index] as number;
    const at = lowerBound(chunk, length, value);
    if (at >= length || chunk[at] !== value) return false;
    chunk.copyWithin(at, at + 1, length);
    this.count--;
    if (length > 1) this.lengths[index] = length - 1;
    else {
      this.chunks.splice(index, 1);
      this.lengths.splice(index, 1);
    }
    return true;
  }

  /** The value at 0-based rank `k` in ascending order. */
  at(k: number): number | undefined {
    let rest = k;
    for (let index = 0; index < this.chunks.length; index++) {
      const length = this.lengths[index] as number;
      if (rest < length) return (this.chunks[index] as Float64Array)[rest];
      rest -= length;
    }
    return undefined;
  }

  /** The first chunk whose last value is ≥ value, or the last chunk. */
  private chunkFor(value: number): number {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (((this.chunks[middle] as Float64Array)[(this.lengths[middle] as number) - 1] as number) < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function lowerBound(sorted: Float64Array, length: number, value: number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

const CHUNK = 512;

/**
 * A sorted multiset of numbers in chunks of at most 2 × 512 values: insert
 * and delete cost O(log n + 512) (a binary search and a short splice),
 * selecting the k-th value O(n / 512). It keeps exact duration quantiles
 * current without re-sorting.
 */
export class SortedMultiset {
  private readonly chunks: number[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(value: number): void {
    this.count++;
    if (this.chunks.length === 0) {
      this.chunks.push([value]);
      return;
    }
    const chunkIndex = this.chunkFor(value);
    const chunk = this.chunks[chunkIndex] as number[];
    chunk.splice(lowerBound(chunk, value), 0, value);
    if (chunk.length > 2 * CHUNK) this.chunks.splice(chunkIndex + 1, 0, chunk.splice(CHUNK));
  }

  /** Removes one occurrence; false when `value` is absent. */
  delete(value: number): boolean {
    if (this.chunks.length === 0) return false;
    const chunkIndex = this.chunkFor(value);
    const chunk = this.chunks[chunkIndex] as number[];
    const at = lowerBound(chunk, value);
    if (chunk[at] !== value) return false;
    chunk.splice(at, 1);
    if (chunk.length === 0) this.chunks.splice(chunkIndex, 1);
    this.count--;
    return true;
  }

  /** The value at 0-based rank `k` in ascending order. */
  at(k: number): number | undefined {
    let rest = k;
    for (const chunk of this.chunks) {
      if (rest < chunk.length) return chunk[rest];
      rest -= chunk.length;
    }
    return undefined;
  }

  /** The first chunk whose last value is ≥ value, or the last chunk. */
  private chunkFor(value: number): number {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const chunk = this.chunks[middle] as number[];
      if ((chunk[chunk.length - 1] as number) < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Digits of a grid sequence: 2, or 3 when a community has more than 99 grids (more beyond 999, which no standard covers). */
export function sequenceWidth(highestSequence: number): number {
  return Math.max(2, String(highestSequence).length);
}

/**
 * A grid's code: the community's 12-digit code plus the zero-padded sequence
 * (GB/T 30428.1), or the bare sequence ("01", "02", …) without a community code.
 */
export function gridCode(communityCode: string | undefined, sequence: number, width: number): string {
  return `${communityCode ?? ''}${String(sequence).padStart(width, '0')}`;
}

/** The sequence number inside a grid code. */
export function sequenceOf(code: string, communityCode: string | undefined): number {
  return Number(code.slice(communityCode?.length ?? 0));
}

/**
 * The reading order of grids: north to south in rows, west to east within a
 * row (y grows northwards). Rows are bands as tall as a typical grid,
 * √(A / k) for the bounding box A of the k centroids, counted from the
 * northernmost centroid. `tieBreak` orders grids that share a centroid.
 */
export function readingOrder(centroids: readonly { x: number; y: number }[], tieBreak: (a: number, b: number) => number): number[] {
  if (centroids.length === 0) return [];
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const { x, y } of centroids) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const width = Math.max(maxX - minX, 1);
  const height = Math.max(maxY - minY, 1);
  const rowHeight = Math.sqrt((width * height) / centroids.length);
  const rowOf = centroids.map(({ y }) => Math.floor((maxY - y) / rowHeight));
  return centroids
    .map((_, index) => index)
    .sort((a, b) => (rowOf[a] as number) - (rowOf[b] as number) || centroids[a]!.x - centroids[b]!.x || centroids[b]!.y - centroids[a]!.y || tieBreak(a, b));
}

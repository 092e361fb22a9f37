import { Delaunay } from 'd3-delaunay';
import type { GridPlan } from '../rules/grids/grid-plan.js';

/** A grid's area on the map: the outline rings of its buildings' Voronoi cells merged, in plan metres. */
export interface GridShape {
  code: string;
  /** Closed rings (first point not repeated); holes and separate pieces are rings too (draw with even-odd fill). */
  rings: [number, number][][];
}

/** Metres of margin around the buildings, so the outer cells are not cut at the outermost buildings. */
const MARGIN = 40;

/**
 * One shape per grid: each building's Voronoi cell (d3-delaunay, clipped to the
 * buildings' bounding box plus a margin), merged per grid by dropping the edges two
 * cells of the same grid share, and chaining what is left into rings. A grid whose
 * buildings all stand on another building's spot (no cell of their own) gets a small
 * square at its centroid, so every grid still has a shape.
 */
export function gridShapes(plan: Pick<GridPlan, 'grids' | 'basis'>): GridShape[] {
  const buildings = plan.basis.buildings;
  if (buildings.length === 0) return plan.grids.map((grid) => ({ code: grid.code, rings: [square(grid.centroid.x, grid.centroid.y)] }));
  const xs = buildings.map((building) => building.x);
  const ys = buildings.map((building) => building.y);
  const bounds = [Math.min(...xs) - MARGIN, Math.min(...ys) - MARGIN, Math.max(...xs) + MARGIN, Math.max(...ys) + MARGIN] as const;
  const voronoi = Delaunay.from(buildings, (building) => building.x, (building) => building.y).voronoi([...bounds]);
  const indexOf = new Map(buildings.map((building, index) => [building.id, index]));
  return plan.grids.map((grid) => {
    const cells: [number, number][][] = [];
    for (const id of grid.buildingIds) {
      const index = indexOf.get(id);
      const cell = index === undefined ? null : voronoi.cellPolygon(index);
      if (cell !== null && cell !== undefined && cell.length > 3) cells.push(cell.slice(0, -1) as [number, number][]);
    }
    const rings = mergeCells(cells);
    return { code: grid.code, rings: rings.length > 0 ? rings : [square(grid.centroid.x, grid.centroid.y)] };
  });
}

function square(x: number, y: number, half = 10): [number, number][] {
  return [[x - half, y - half], [x + half, y - half], [x + half, y + half], [x - half, y + half]];
}

/** Cells' vertices match exactly where two cells meet; rounding to a millimetre absorbs clipping's float noise. */
const keyOf = (point: readonly [number, number]) => `${point[0].toFixed(3)},${point[1].toFixed(3)}`;

/** The outline of a union of polygons that meet edge to edge: the edges no two of them share. */
function mergeCells(cells: readonly [number, number][][]): [number, number][][] {
  const edges = new Map<string, { from: [number, number]; to: [number, number]; fromKey: string; toKey: string }>();
  for (const cell of cells) {
    cell.forEach((from, index) => {
      const to = cell[(index + 1) % cell.length] as [number, number];
      const fromKey = keyOf(from);
      const toKey = keyOf(to);
      if (fromKey === toKey) return;
      const reverse = `${toKey}>${fromKey}`;
      // Two cells of the same grid share this edge, walked in opposite directions: it is inside the grid.
      if (edges.has(reverse)) edges.delete(reverse);
      else edges.set(`${fromKey}>${toKey}`, { from, to, fromKey, toKey });
    });
  }
  const outgoing = new Map<string, string[]>();
  for (const [key, edge] of edges) outgoing.set(edge.fromKey, [...(outgoing.get(edge.fromKey) ?? []), key]);
  const rings: [number, number][][] = [];
  for (const startKey of edges.keys()) {
    if (!edges.has(startKey)) continue;
    const ring: [number, number][] = [];
    let key: string | undefined = startKey;
    while (key !== undefined) {
      const edge = edges.get(key);
      if (edge === undefined) break;
      edges.delete(key);
      ring.push(edge.from);
      const next = outgoing.get(edge.toKey) ?? [];
      key = next.find((candidate) => edges.has(candidate));
    }
    if (ring.length >= 3) rings.push(ring);
  }
  return rings;
}

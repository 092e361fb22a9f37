import { Delaunay } from 'd3-delaunay';
import { allocatePiece } from './allocate-piece.js';
import { Bisector } from './bisect.js';
import { GraphScratch } from './connected-pieces.js';
import { parseGridChange, type GridChange } from './grid-change.js';
import { sequenceWidth } from './grid-codes.js';
import { GridStatsCalculator } from './grid-metrics.js';
import type { GridBuilding, GridPlan } from './grid-plan.js';
import { inducedGraph } from './local-graph.js';
import { Parts } from './parts.js';
import { planFromState, publicGrid, registeredState, slotCode, type GridSlot, type PlanState } from './plan-state.js';
import { stateFromPlanJson } from './plan-from-json.js';
import { inBounds, repairParts } from './refine.js';

/** One building changing grid; `from` is null for an added building, `to` null for a removed one. */
export interface GridMove {
  buildingId: string;
  from: string | null;
  to: string | null;
}

/** A rebalanced grid plan, the buildings that moved, and the grids touched. */
export interface RebalanceResult {
  plan: GridPlan;
  /** Sorted by building id. */
  moves: GridMove[];
  /** Codes of the grids created, changed or removed, sorted. Every other grid kept its code and buildings. */
  touchedGrids: string[];
  /**
   * True when the grid count outgrew the code width (99 → 100 grids) and every
   * code gained a digit; sequences stay the same.
   */
  recoded: boolean;
}

const EMPTY = new Int32Array(0);
/** How many buildings around an added building its derived neighbours are chosen from. */
const LOCAL_TRIANGULATION_SIZE = 32;

/**
 * Applies a change (buildings added, removed, household counts changed) and
 * restores every rule locally: only the grids that must change are touched,
 * by moving a few edge buildings to or from neighbouring grids, then by
 * merging and re-splitting a few neighbouring grids (ReCom), and only when
 * both fail by re-allocating the building's connected piece. New grids get
 * the next free sequence numbers. Throws VALIDATION_FAILED for a bad change
 * or a malformed plan.
 */
export function rebalanceGrids(plan: GridPlan, change: GridChange): RebalanceResult {
  const before = registeredState(plan) ?? stateFromPlanJson(plan);
  const valid = parseGridChange(change, (id) => {
    const v = before.indexOf.get(id);
    return v !== undefined && before.alive[v] === 1;
  });
  const work = new Workspace(before, valid.add);
  for (const id of valid.remove) work.remove(before.indexOf.get(id) as number);
  for (const { id, households } of valid.households) work.setHouseholds(before.indexOf.get(id) as number, households);
  const addedIndex = new Map<string, number>();
  for (const building of valid.add) addedIndex.set(building.id, work.append(building));
  for (const [a, b] of valid.adjacency) work.link(work.indexOf(a, addedIndex), work.indexOf(b, addedIndex));
  for (const building of valid.add) work.place(addedIndex.get(building.id) as number, before.adjacencyDerived);
  work.restoreRules();
  return work.finish();
}

/** A mutable copy-on-write view of a plan state while one change is applied. */
class Workspace {
  private readonly ids: string[];
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly w: Float64Array;
  private readonly alive: Uint8Array;
  private readonly sites: (string | undefined)[];
  private readonly gridOf: Int32Array;
  private readonly rows = new Map<number, Int32Array>();
  private readonly slots: (GridSlot | null)[];
  private readonly members = new Map<number, number[]>();
  private readonly changed = new Set<number>();
  private readonly check = new Set<number>();
  private readonly reasons = new Map<number, string>();
  private readonly removed: number[] = [];
  private readonly added: number[] = [];
  private readonly newIds = new Map<string, number | undefined>();
  private edgeCount: number;
  private readonly bounds;

  constructor(
    private readonly before: PlanState,
    additions: readonly GridBuilding[],
  ) {
    const n = before.ids.length;
    const extra = additions.length;
    const grow = <T extends Float64Array | Uint8Array | Int32Array>(array: T, make: (size: number) => T): T => {
      const copy = make(n + extra);
      copy.set(array);
      return copy;
    };
    // One copy each, already sized for the additions: growing a 50,000-element array by push copies it again.
    this.ids = before.ids.concat(additions.map((b) => b.id));
    this.sites = before.sites.concat(additions.map((b) => b.site));
    this.xs = grow(before.xs, (s) => new Float64Array(s));
    this.ys = grow(before.ys, (s) => new Float64Array(s));
    this.w = grow(before.w, (s) => new Float64Array(s));
    this.alive = grow(before.alive, (s) => new Uint8Array(s));
    this.gridOf = grow(before.gridOf, (s) => new Int32Array(s).fill(-1));
    this.slots = [...before.slots];
    this.edgeCount = before.edgeCount;
    this.bounds = before.bounds;
  }

  indexOf(id: string, added: ReadonlyMap<string, number>): number {
    return added.get(id) ?? (this.before.indexOf.get(id) as number);
  }

  neighbours = (v: number): Int32Array => this.rows.get(v) ?? (v < this.before.ids.length ? this.before.adjacency.neighbours(v) : EMPTY);

  private membersOf(slot: number): number[] {
    let list = this.members.get(slot);
    if (list === undefined) {
      list = [...(this.slots[slot]?.nodes ?? [])];
      this.members.set(slot, list);
    }
    return list;
  }

  private newSlot(): number {
    this.slots.push(null);
    const slot = this.slots.length - 1;
    this.members.set(slot, []);
    return slot;
  }

  /** Moves building v into `slot` (-1: out of every grid), marking both grids changed. */
  private assign(v: number, slot: number): void {
    const from = this.gridOf[v] as number;
    if (from === slot) return;
    if (from >= 0) {
      const list = this.membersOf(from);
      list.splice(list.indexOf(v), 1);
      this.changed.add(from);
      this.check.add(from);
    }
    this.gridOf[v] = slot;
    if (slot >= 0) {
      this.membersOf(slot).push(v);
      this.changed.add(slot);
      this.check.add(slot);
    }
  }

  remove(v: number): void {
    this.assign(v, -1);
    this.alive[v] = 0;
    this.removed.push(v);
    this.newIds.set(this.ids[v] as string, undefined);
    const around = this.neighbours(v);
    this.edgeCount -= around.length;
    for (const u of around) {
      this.rows.set(u, this.neighbours(u).filter((x) => x !== v));
      this.checkAround(u);
    }
    this.rows.set(v, EMPTY);
  }

  setHouseholds(v: number, households: number): void {
    this.w[v] = households;
    const slot = this.gridOf[v] as number;
    this.changed.add(slot);
    this.check.add(slot);
  }

  /** Places the next of the additions the workspace was made with at its index (ids and sites are already there). */
  append(building: GridBuilding): number {
    const v = this.before.ids.length + this.added.length;
    this.xs[v] = building.x;
    this.ys[v] = building.y;
    this.w[v] = building.households;
    this.alive[v] = 1;
    this.rows.set(v, EMPTY);
    this.added.push(v);
    this.newIds.set(building.id, v);
    return v;
  }

  link(u: number, v: number): void {
    if (u === v || this.neighbours(u).includes(v)) return;
    this.rows.set(u, Int32Array.from([...this.neighbours(u), v]));
    this.rows.set(v, Int32Array.from([...this.neighbours(v), u]));
    this.edgeCount += 1;
  }

  /** Links an added building to its derived neighbours and puts it in a grid. */
  place(v: number, derive: boolean): void {
    if (derive) for (const u of this.derivedNeighbours(v)) this.link(v, u);
    const site = this.sites[v];
    const max = this.bounds.max;
    let target = -1;
    if (site !== undefined) {
      target = this.slots.findIndex((slot, index) => (slot?.site ?? this.siteOfNewSlot(index)) === site);
    } else if ((this.w[v] as number) <= max) {
      let nearest = Infinity;
      for (const u of this.neighbours(v)) {
        const slot = this.gridOf[u] as number;
        if (slot < 0 || !this.isRegular(slot)) continue;
        const centre = this.slots[slot]?.stats.centroid ?? { x: this.xs[u] as number, y: this.ys[u] as number };
        const distance = Math.hypot((this.xs[v] as number) - centre.x, (this.ys[v] as number) - centre.y);
        if (distance < nearest) {
          nearest = distance;
          target = slot;
        }
      }
    }
    this.assign(v, target >= 0 ? target : this.newSlot());
    this.checkAround(v);
  }

  private siteOfNewSlot(slot: number): string | undefined {
    const list = this.members.get(slot);
    return list !== undefined && list.length > 0 ? this.sites[list[0] as number] : undefined;
  }

  private checkAround(v: number): void {
    for (const u of this.neighbours(v)) if ((this.gridOf[u] as number) >= 0) this.check.add(this.gridOf[u] as number);
  }

  /** A regular grid: no site, and not a lone oversize building. */
  private isRegular(slot: number): boolean {
    const list = this.members.get(slot) ?? this.slots[slot]?.nodes ?? [];
    const first = list[0];
    if (first === undefined || this.sites[first] !== undefined) return false;
    return !(list.length === 1 && (this.w[first] as number) > this.bounds.max);
  }

  private centroidIndex: CentroidIndex | undefined;

  /** The plan's grid centroids before the change, bucketed, where a walk to an added building starts. */
  private centroids(): CentroidIndex {
    this.centroidIndex ??= new CentroidIndex(this.before.slots);
    return this.centroidIndex;
  }

  /**
   * Delaunay neighbours of an added building among the buildings around it:
   * a greedy walk along the adjacency from the grid whose centroid is nearest
   * finds the nearest building, and the LOCAL_TRIANGULATION_SIZE buildings
   * nearest to it by graph distance, plus buildings added in this change
   * within the same radius, are triangulated with the new one.
   */
  private derivedNeighbours(v: number): number[] {
    const x = this.xs[v] as number;
    const y = this.ys[v] as number;
    // Squared distances: only compared, and this runs once per added building.
    const distanceSquared = (u: number): number => ((this.xs[u] as number) - x) ** 2 + ((this.ys[u] as number) - y) ** 2;
    let start = this.centroids().nearestAnchor(x, y, this.alive);
    const candidates = new Set<number>();
    if (start >= 0) {
      for (let improved = true; improved; ) {
        improved = false;
        for (const u of this.neighbours(start)) {
          if (distanceSquared(u) < distanceSquared(start)) {
            start = u;
            improved = true;
          }
        }
      }
      const queue = [start];
      candidates.add(start);
      for (let head = 0; head < queue.length && candidates.size < LOCAL_TRIANGULATION_SIZE; head++) {
        for (const u of this.neighbours(queue[head] as number)) {
          if (u === v || candidates.has(u)) continue;
          candidates.add(u);
          queue.push(u);
        }
      }
    }
    let radiusSquared = 0;
    for (const u of candidates) radiusSquared = Math.max(radiusSquared, distanceSquared(u));
    for (const u of this.added) if (u !== v && (candidates.size === 0 || distanceSquared(u) <= radiusSquared)) candidates.add(u);
    const points = [...candidates];
    if (points.length === 0) return [];
    const coordinates = new Float64Array(2 * (points.length + 1));
    points.forEach((u, i) => {
      coordinates[2 * i] = this.xs[u] as number;
      coordinates[2 * i + 1] = this.ys[u] as number;
    });
    coordinates[2 * points.length] = x;
    coordinates[2 * points.length + 1] = y;
    const delaunay = new Delaunay(coordinates);
    const limit = this.before.maxNeighbourDistance ?? Infinity;
    const around = points.length === 1 ? [0] : [...delaunay.neighbors(points.length)];
    if (around.length === 0) around.push(delaunay.find(x, y, 0));
    return around.map((i) => points[i] as number).filter((u) => u !== undefined && distanceSquared(u) <= limit * limit);
  }

  /** Splits off oversize buildings and disconnected pieces, then repairs every grid out of bounds. */
  restoreRules(): void {
    for (const slot of [...this.changed]) {
      if (!this.isRegular(slot)) continue;
      for (const v of [...this.membersOf(slot)]) {
        if ((this.w[v] as number) > this.bounds.max && this.membersOf(slot).length > 1) this.assign(v, this.newSlot());
      }
    }
    for (const slot of [...this.changed]) this.splitDisconnected(slot);
    for (const slot of [...this.check].sort((a, b) => a - b)) {
      if (!this.isRegular(slot) || this.membersOf(slot).length === 0) continue;
      if (!inBounds(this.weightOf(slot), this.bounds)) this.repair(slot);
    }
  }

  private weightOf(slot: number): number {
    let total = 0;
    for (const v of this.members.get(slot) ?? this.slots[slot]?.nodes ?? []) total += this.w[v] as number;
    return total;
  }

  /** Keeps the heaviest connected piece of a grid in it; every other piece becomes a grid of its own. */
  private splitDisconnected(slot: number): void {
    const list = this.membersOf(slot);
    if (list.length <= 1) return;
    const inside = new Set(list);
    const seen = new Set<number>();
    const pieces: number[][] = [];
    for (const start of list) {
      if (seen.has(start)) continue;
      const piece = [start];
      seen.add(start);
      for (let head = 0; head < piece.length; head++) {
        for (const u of this.neighbours(piece[head] as number)) {
          if (inside.has(u) && !seen.has(u)) {
            seen.add(u);
            piece.push(u);
          }
        }
      }
      pieces.push(piece);
    }
    if (pieces.length <= 1) return;
    const weight = (piece: number[]): number => piece.reduce((sum, v) => sum + (this.w[v] as number), 0) + piece.length * 1e-9;
    const heaviest = pieces.reduce((best, piece) => (weight(piece) > weight(best) ? piece : best));
    for (const piece of pieces) {
      if (piece === heaviest) continue;
      const target = this.newSlot();
      for (const v of piece) this.assign(v, target);
    }
  }

  /** The grids around `slot` (two rings of neighbouring regular grids), as a local graph with their current parts. */
  private neighbourhood(seed: number[]): { slots: number[]; nodes: number[] } {
    const slots = new Set(seed);
    for (let ring = 0; ring < 2; ring++) {
      for (const slot of [...slots]) {
        for (const v of this.membersOf(slot)) {
          for (const u of this.neighbours(v)) {
            const other = this.gridOf[u] as number;
            if (other >= 0 && !slots.has(other) && this.isRegular(other)) slots.add(other);
          }
        }
      }
    }
    const ordered = [...slots].sort((a, b) => a - b);
    return { slots: ordered, nodes: ordered.flatMap((slot) => this.membersOf(slot)) };
  }

  private repair(slot: number): void {
    const { slots, nodes } = this.neighbourhood([slot]);
    const local = new Map(nodes.map((v, i) => [v, i]));
    const graph = inducedGraph(this.source(), nodes, (v) => local.get(v) ?? -1);
    const localPart = new Map(slots.map((s, i) => [s, i]));
    const part = Int32Array.from(nodes, (v) => localPart.get(this.gridOf[v] as number) as number);
    const scratch = new GraphScratch(graph);
    const parts = new Parts(graph, part, slots.length);
    const bisector = new Bisector(graph, scratch, this.bounds);
    const failed = repairParts(parts, scratch, bisector, this.bounds, () => false, [localPart.get(slot) as number]);
    if (failed.length > 0) {
      this.reallocatePiece(slot);
      return;
    }
    parts.members.forEach((list, p) => {
      const target = p < slots.length ? (slots[p] as number) : this.newSlot();
      for (const v of list) this.assign(graph.globalOf[v] as number, target);
    });
  }

  /** The last resort: allocate the whole connected piece of ordinary buildings around `slot` afresh, reusing grid slots by overlap. */
  private reallocatePiece(slot: number): void {
    const start = this.membersOf(slot)[0] as number;
    const inPiece = new Set([start]);
    const nodes = [start];
    for (let head = 0; head < nodes.length; head++) {
      for (const u of this.neighbours(nodes[head] as number)) {
        if (inPiece.has(u) || this.alive[u] !== 1 || this.sites[u] !== undefined) continue;
        inPiece.add(u);
        nodes.push(u);
      }
    }
    nodes.sort((a, b) => (this.ids[a] as string) < (this.ids[b] as string) ? -1 : 1);
    const local = new Map(nodes.map((v, i) => [v, i]));
    const graph = inducedGraph(this.source(), nodes, (v) => local.get(v) ?? -1);
    const allocation = allocatePiece(graph, this.bounds, (i) => this.ids[graph.globalOf[i] as number] as string);
    const oldSlots = [...new Set(nodes.map((v) => this.gridOf[v] as number))].sort((a, b) => a - b);
    const overlap = new Map<string, number>();
    nodes.forEach((v, i) => {
      const key = `${allocation.part[i]}:${this.gridOf[v]}`;
      overlap.set(key, (overlap.get(key) ?? 0) + 1);
    });
    const pairs = [...overlap].map(([key, count]) => [count, ...key.split(':').map(Number)] as [number, number, number]);
    pairs.sort((a, b) => b[0] - a[0] || a[2] - b[2] || a[1] - b[1]);
    const slotOfPart = new Map<number, number>();
    const used = new Set<number>();
    for (const [, p, s] of pairs) {
      if (slotOfPart.has(p) || used.has(s) || !oldSlots.includes(s)) continue;
      slotOfPart.set(p, s);
      used.add(s);
    }
    for (let p = 0; p < allocation.partCount; p++) if (!slotOfPart.has(p)) slotOfPart.set(p, this.newSlot());
    nodes.forEach((v, i) => this.assign(v, slotOfPart.get(allocation.part[i] as number) as number));
    for (let p = 0; p < allocation.partCount; p++) {
      const reason = allocation.reasons[p];
      if (reason !== null && reason !== undefined) this.reasons.set(slotOfPart.get(p) as number, reason);
    }
  }

  private source() {
    return { xs: this.xs, ys: this.ys, w: this.w, neighbours: this.neighbours };
  }

  /** Builds the new plan: changed grids get new stats, new grids the next sequences. */
  finish(): RebalanceResult {
    const before = this.before;
    let nextSequence = before.nextSequence;
    const changedSlots = [...this.changed].filter((slot) => slot >= 0).sort((a, b) => a - b);
    const sequenceOf = new Map<number, number>();
    for (const slot of changedSlots) {
      if (this.membersOf(slot).length > 0) sequenceOf.set(slot, this.slots[slot]?.sequence ?? nextSequence++);
    }
    const width = Math.max(before.width, sequenceWidth(nextSequence - 1));
    const recoded = width !== before.width;
    const identity = { ids: this.ids, communityCode: before.communityCode };
    const calculator = new GridStatsCalculator(this.source());
    const touched = new Set<string>();
    for (const slot of changedSlots) {
      const old = this.slots[slot];
      if (old !== null && old !== undefined) touched.add(old.grid.code);
      const nodes = this.membersOf(slot);
      if (nodes.length === 0) {
        this.slots[slot] = null;
        continue;
      }
      nodes.sort((a, b) => a - b);
      const sequence = sequenceOf.get(slot) as number;
      const code = slotCode({ communityCode: before.communityCode, width }, sequence);
      const stats = calculator.compute(nodes);
      const site = this.sites[nodes[0] as number];
      this.slots[slot] = { sequence, nodes, site, reason: this.reasonFor(slot, nodes, stats.connected, stats.households), stats, grid: publicGrid(identity, code, nodes, stats, site) };
      touched.add(code);
    }
    for (const slot of this.check) {
      const current = this.slots[slot];
      if (current === null || current === undefined || this.changed.has(slot) || current.reason === null) continue;
      if (current.site === undefined && inBounds(current.stats.households, this.bounds)) this.slots[slot] = { ...current, reason: null };
    }
    if (recoded) {
      this.slots.forEach((slot, index) => {
        if (slot === null) return;
        const code = slotCode({ communityCode: before.communityCode, width }, slot.sequence);
        this.slots[index] = { ...slot, grid: { ...slot.grid, code } };
      });
    }
    const moves = this.moves();
    const indexOf = before.indexOf.with(this.newIds);
    const state: PlanState = {
      ...before,
      ids: this.ids,
      indexOf,
      xs: this.xs,
      ys: this.ys,
      w: this.w,
      alive: this.alive,
      sites: this.sites,
      adjacency: before.adjacency.with(this.rows),
      edgeCount: this.edgeCount,
      gridOf: this.gridOf,
      slots: this.slots,
      width,
      nextSequence,
    };
    return { plan: planFromState(state), moves, touchedGrids: [...touched].sort(), recoded };
  }

  private reasonFor(slot: number, nodes: number[], connected: boolean, households: number): string | null {
    const site = this.sites[nodes[0] as number];
    if (site !== undefined) return connected ? null : `the buildings of site "${site}" are not connected in the adjacency graph; they still form one special grid`;
    if (inBounds(households, this.bounds)) return null;
    const first = nodes[0] as number;
    if (nodes.length === 1 && (this.w[first] as number) > this.bounds.max) {
      return `building "${this.ids[first]}" holds ${this.w[first]} households, more than the maximum ${this.bounds.max}: it forms its own grid (oversize)`;
    }
    return this.reasons.get(slot) ?? `no split of this connected piece into grids of ${this.bounds.min}-${this.bounds.max} households was found: its buildings are too coarse or its shape too narrow; this grid holds ${households}`;
  }

  /** A building moved when its grid (slot) changed; codes alone may change when every code gains a digit. */
  private moves(): GridMove[] {
    const before = this.before;
    const known = before.ids.length;
    const slotBefore = (v: number): number => (v < known && before.alive[v] === 1 ? (before.gridOf[v] as number) : -1);
    const slotAfter = (v: number): number => (this.alive[v] === 1 ? (this.gridOf[v] as number) : -1);
    const codeBefore = (v: number): string | null => before.slots[slotBefore(v)]?.grid.code ?? null;
    const codeAfter = (v: number): string | null => this.slots[slotAfter(v)]?.grid.code ?? null;
    const moves: GridMove[] = [];
    const seen = new Set<number>();
    const consider = (v: number): void => {
      if (seen.has(v)) return;
      seen.add(v);
      if (slotBefore(v) !== slotAfter(v)) moves.push({ buildingId: this.ids[v] as string, from: codeBefore(v), to: codeAfter(v) });
    };
    for (const slot of this.changed) for (const v of this.members.get(slot) ?? []) consider(v);
    for (const v of this.removed) consider(v);
    return moves.sort((a, b) => (a.buildingId < b.buildingId ? -1 : a.buildingId > b.buildingId ? 1 : 0));
  }
}

/**
 * Grid centroids in a uniform bucket grid, so finding the nearest one to an
 * added building costs a few buckets instead of a scan over every grid.
 */
class CentroidIndex {
  private readonly cx: Float64Array;
  private readonly cy: Float64Array;
  /** One building of each grid. */
  private readonly anchor: Int32Array;
  private readonly side: number;
  private readonly minX: number;
  private readonly minY: number;
  private readonly cell: number;
  /** Centroids of bucket b are order[bucketStart[b] .. bucketStart[b + 1]), in slot order. */
  private readonly bucketStart: Int32Array;
  private readonly order: Int32Array;

  constructor(slots: readonly (GridSlot | null)[]) {
    const cx: number[] = [];
    const cy: number[] = [];
    const anchor: number[] = [];
    for (const slot of slots) {
      if (slot === null || slot.nodes.length === 0) continue;
      cx.push(slot.stats.centroid.x);
      cy.push(slot.stats.centroid.y);
      anchor.push(slot.nodes[0] as number);
    }
    this.cx = Float64Array.from(cx);
    this.cy = Float64Array.from(cy);
    this.anchor = Int32Array.from(anchor);
    const count = anchor.length;
    this.side = Math.max(1, Math.ceil(Math.sqrt(count)));
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < count; i++) {
      minX = Math.min(minX, cx[i] as number);
      maxX = Math.max(maxX, cx[i] as number);
      minY = Math.min(minY, cy[i] as number);
      maxY = Math.max(maxY, cy[i] as number);
    }
    this.minX = count > 0 ? minX : 0;
    this.minY = count > 0 ? minY : 0;
    const span = count > 0 ? Math.max(maxX - minX, maxY - minY) : 0;
    this.cell = span > 0 ? span / this.side : 1;
    this.bucketStart = new Int32Array(this.side * this.side + 1);
    const bucketOf = Int32Array.from({ length: count }, (_, i) => this.bucket(this.cellOf(this.cx[i] as number, this.minX), this.cellOf(this.cy[i] as number, this.minY)));
    for (let i = 0; i < count; i++) this.bucketStart[(bucketOf[i] as number) + 1]! += 1;
    for (let b = 0; b < this.side * this.side; b++) this.bucketStart[b + 1]! += this.bucketStart[b] as number;
    const fill = this.bucketStart.slice(0, this.side * this.side);
    this.order = new Int32Array(count);
    for (let i = 0; i < count; i++) this.order[fill[bucketOf[i] as number]!++] = i;
  }

  /**
   * The anchor of the grid whose centroid is nearest (x, y) among those whose
   * anchor is still alive (ties: the earlier grid), or -1. Rings of buckets
   * are searched outwards until no unseen bucket can hold a nearer centroid.
   */
  nearestAnchor(x: number, y: number, alive: Uint8Array): number {
    const column = this.cellOf(x, this.minX);
    const row = this.cellOf(y, this.minY);
    let best = Infinity;
    let bestIndex = -1;
    const search = (i: number, j: number): void => {
      if (i < 0 || j < 0 || i >= this.side || j >= this.side) return;
      const b = this.bucket(i, j);
      for (let k = this.bucketStart[b] as number, end = this.bucketStart[b + 1] as number; k < end; k++) {
        const index = this.order[k] as number;
        const d = ((this.cx[index] as number) - x) ** 2 + ((this.cy[index] as number) - y) ** 2;
        if ((d < best || (d === best && index < bestIndex)) && alive[this.anchor[index] as number] === 1) {
          best = d;
          bestIndex = index;
        }
      }
    };
    for (let ring = 0; ring < this.side; ring++) {
      if (ring === 0) search(column, row);
      for (let d = -ring; d <= ring && ring > 0; d++) {
        search(column + d, row - ring);
        search(column + d, row + ring);
        if (d !== -ring && d !== ring) {
          search(column - ring, row + d);
          search(column + ring, row + d);
        }
      }
      // Every bucket not yet searched is at least `ring` buckets from (x, y) clamped into the grid.
      if (bestIndex >= 0 && best <= (ring * this.cell) ** 2) break;
    }
    return bestIndex < 0 ? -1 : (this.anchor[bestIndex] as number);
  }

  private cellOf(value: number, min: number): number {
    return Math.min(this.side - 1, Math.max(0, Math.floor((value - min) / this.cell)));
  }

  private bucket(column: number, row: number): number {
    return row * this.side + column;
  }
}

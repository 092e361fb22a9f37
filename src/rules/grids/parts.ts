import type { LocalGraph } from './local-graph.js';

/**
 * A partition of a local graph into numbered parts, with each part's
 * households, members and household-weighted centroid kept up to date as
 * buildings move. Weights get a small floor so a part of empty buildings
 * still has a centroid.
 */
export class Parts {
  readonly weight: number[] = [];
  readonly members: number[][] = [];
  private readonly sumX: number[] = [];
  private readonly sumY: number[] = [];
  private readonly sumW: number[] = [];
  private readonly position: Int32Array;

  constructor(
    readonly graph: LocalGraph,
    /** The part of each node; this object owns it from now on. */
    readonly part: Int32Array,
    partCount: number,
  ) {
    this.position = new Int32Array(graph.n);
    for (let p = 0; p < partCount; p++) this.addPart();
    for (let v = 0; v < graph.n; v++) {
      const p = part[v] as number;
      if (p >= 0) this.attach(v, p);
    }
  }

  get count(): number {
    return this.weight.length;
  }

  addPart(): number {
    this.weight.push(0);
    this.members.push([]);
    this.sumX.push(0);
    this.sumY.push(0);
    this.sumW.push(0);
    return this.weight.length - 1;
  }

  size(p: number): number {
    return (this.members[p] as number[]).length;
  }

  move(v: number, to: number): void {
    this.detach(v, this.part[v] as number);
    this.attach(v, to);
  }

  /** Squared distance from node v to the centroid of part p. */
  distanceSquared(v: number, p: number): number {
    const sw = this.sumW[p] as number;
    const dx = (this.graph.xs[v] as number) - (this.sumX[p] as number) / sw;
    const dy = (this.graph.ys[v] as number) - (this.sumY[p] as number) / sw;
    return dx * dx + dy * dy;
  }

  private attach(v: number, p: number): void {
    const weight = this.graph.w[v] as number;
    const mass = weight + CENTROID_FLOOR;
    this.part[v] = p;
    this.weight[p]! += weight;
    this.sumX[p]! += mass * (this.graph.xs[v] as number);
    this.sumY[p]! += mass * (this.graph.ys[v] as number);
    this.sumW[p]! += mass;
    const list = this.members[p] as number[];
    this.position[v] = list.length;
    list.push(v);
  }

  private detach(v: number, p: number): void {
    const weight = this.graph.w[v] as number;
    const mass = weight + CENTROID_FLOOR;
    this.weight[p]! -= weight;
    this.sumX[p]! -= mass * (this.graph.xs[v] as number);
    this.sumY[p]! -= mass * (this.graph.ys[v] as number);
    this.sumW[p]! -= mass;
    const list = this.members[p] as number[];
    const last = list.pop() as number;
    if (last !== v) {
      const at = this.position[v] as number;
      list[at] = last;
      this.position[last] = at;
    }
  }
}

const CENTROID_FLOOR = 1e-3;

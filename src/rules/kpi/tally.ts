import { type CompiledKpis, type CompiledMeasure, type Contribution, type KpiRecord, type NodeIndex, readTimes } from './compile.js';
import { HIERARCHY_NODE_KIND } from './entity-registry.js';
import { ExactSums } from './exact-sum.js';
import { KpiEvaluation, type MeasureState, nearestRank } from './evaluation.js';
import { countStanding, GroupTally } from './group-count.js';
import type { KpiPeriod } from './period.js';

/**
 * The full recompute. Records are fed once (page by page if need be) and
 * tallied at their own node; `finish` rolls everything up the hierarchy in
 * one bottom-up sweep. Work: O(records × measures + nodes × measures), plus
 * O(d log d) per level for the d durations. Memory: O(nodes × measures),
 * plus one number per finished duration and one key per distinct value per
 * node holding it: exact medians cannot be had in less.
 */
export class KpiTally {
  private readonly slots: number;
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly records: Float64Array[] = [];
  private readonly amounts: Float64Array[] = [];
  private readonly sums: (ExactSums | null)[] = [];
  private readonly keys: Map<number, Set<Contribution>>[] = [];
  private readonly durations: Map<number, number[]>[] = [];
  /** groupCount: per slot and node, the groups formed by the records placed at the node itself. */
  private readonly groups: Map<number, Map<Contribution, GroupTally>>[] = [];
  private readonly times: Float64Array;
  private unplacedCount = 0;

  constructor(
    private readonly compiled: CompiledKpis,
    private readonly nodes: NodeIndex,
    private readonly periods: readonly KpiPeriod[],
  ) {
    this.slots = compiled.measures.length * periods.length;
    this.starts = Float64Array.from(periods, (period) => period.start.getTime());
    this.ends = Float64Array.from(periods, (period) => period.end.getTime());
    this.times = new Float64Array(compiled.maxTimeFields);
    const size = nodes.ids.length;
    for (let slot = 0; slot < this.slots; slot++) {
      const aggregate = (compiled.measures[Math.floor(slot / periods.length)] as CompiledMeasure).aggregate;
      const records = new Float64Array(size);
      this.records.push(records);
      this.amounts.push(aggregate === 'count' || aggregate === 'sum' ? records : new Float64Array(size));
      this.sums.push(aggregate === 'sum' ? new ExactSums(size) : null);
      this.keys.push(new Map());
      this.durations.push(new Map());
      this.groups.push(new Map());
    }
    for (const [index, node] of nodes.nodes.entries()) this.tallyRecord(HIERARCHY_NODE_KIND, node, nodes.ids[index] as string);
  }

  /**
   * Tallies one record of `kind` placed at `nodeId`. A node outside the
   * hierarchy counts as unplaced. Hierarchy nodes are tallied from the
   * hierarchy itself, so records of kind `hierarchyNode` are ignored here.
   */
  add(kind: string, record: KpiRecord, nodeId: string): void {
    if (kind !== HIERARCHY_NODE_KIND) this.tallyRecord(kind, record, nodeId);
  }

  private tallyRecord(kind: string, record: KpiRecord, nodeId: string): void {
    const plan = this.compiled.plans.get(kind);
    if (plan === undefined) return;
    const node = this.nodes.indexOf.get(nodeId);
    if (node === undefined) {
      this.unplacedCount++;
      return;
    }
    const { times } = this;
    readTimes(plan, record, times);
    const periodCount = this.periods.length;
    for (const measure of plan.measures) {
      if (!measure.matches(record)) continue;
      const contribution = measure.contributionOf(record, times);
      if (contribution === undefined) continue;
      const stock = measure.timeIndex < 0;
      const time = stock ? 0 : (times[measure.timeIndex] as number);
      for (let period = 0; period < periodCount; period++) {
        if (!stock && !(time >= (this.starts[period] as number) && time < (this.ends[period] as number))) continue;
        if (measure.group === null) this.tally(measure, measure.index * periodCount + period, node, contribution);
        else this.tallyGroup(measure, measure.index * periodCount + period, node, contribution, record);
      }
    }
  }

  private tally(measure: CompiledMeasure, slot: number, node: number, contribution: Contribution): void {
    const records = this.records[slot] as Float64Array;
    records[node] = (records[node] as number) + 1;
    switch (measure.aggregate) {
      case 'sum': {
        const sums = this.sums[slot] as ExactSums;
        sums.add(node, sums.unitsOf(contribution as number));
        break;
      }
      case 'distinct': {
        const keys = this.keys[slot] as Map<number, Set<Contribution>>;
        const own = keys.get(node);
        if (own === undefined) keys.set(node, new Set([contribution]));
        else own.add(contribution);
        break;
      }
      case 'duration': {
        const durations = this.durations[slot] as Map<number, number[]>;
        const own = durations.get(node);
        if (own === undefined) durations.set(node, [contribution as number]);
        else own.push(contribution as number);
        break;
      }
      default:
        break;
    }
  }

  private tallyGroup(measure: CompiledMeasure, slot: number, node: number, key: Contribution, record: KpiRecord): void {
    const byNode = this.groups[slot] as Map<number, Map<Contribution, GroupTally>>;
    let own = byNode.get(node);
    if (own === undefined) byNode.set(node, (own = new Map()));
    let group = own.get(key);
    if (group === undefined) own.set(key, (group = new GroupTally(measure.group as NonNullable<CompiledMeasure['group']>)));
    group.add(record, 1);
  }

  /** Rolls up and returns one evaluation per period, in the order given. The tally is spent afterwards. */
  finish(): KpiEvaluation[] {
    const states: MeasureState[] = [];
    for (let slot = 0; slot < this.slots; slot++) {
      states.push(this.rollUp(this.compiled.measures[Math.floor(slot / this.periods.length)] as CompiledMeasure, slot));
    }
    return this.periods.map((period, index) => {
      const perMeasure = this.compiled.measures.map((measure) => states[measure.index * this.periods.length + index] as MeasureState);
      return new KpiEvaluation(period, this.compiled, this.nodes, perMeasure, this.unplacedCount);
    });
  }

  /** Children come after parents in the index, so one reverse sweep sees every child before its parent. */
  private rollUp(measure: CompiledMeasure, slot: number): MeasureState {
    const { parent, level } = this.nodes;
    const records = this.records[slot] as Float64Array;
    const amount = this.amounts[slot] as Float64Array;
    const keys = this.keys[slot] as Map<number, Set<Contribution>>;
    const sums = this.sums[slot] as ExactSums | null;
    const pending = new Map<number, Float64Array[]>();
    const medians = measure.aggregate === 'duration' ? new Float64Array(records.length).fill(Number.NaN) : null;
    const p90s = measure.aggregate === 'duration' ? new Float64Array(records.length).fill(Number.NaN) : null;
    for (let node = records.length - 1; node >= 0; node--) {
      const up = parent[node] as number;
      if (measure.aggregate === 'groupCount') {
        this.rollUpGroups(slot, node, up, records, amount);
        continue;
      }
      if (up >= 0) records[up] = (records[up] as number) + (records[node] as number);
      switch (measure.aggregate) {
        case 'sum':
          if (up >= 0) (sums as ExactSums).add(up, (sums as ExactSums).unitsAt(node));
          break;
        case 'coverage':
          if (level[node] === measure.coverageLevel) amount[node] = (records[node] as number) >= measure.coverageMinimum(this.nodes.nodes[node] as KpiRecord) ? 1 : 0;
          if (up >= 0) amount[up] = (amount[up] as number) + (amount[node] as number);
          break;
        case 'distinct': {
          const own = keys.get(node);
          if (own === undefined) break;
          amount[node] = own.size;
          keys.delete(node);
          if (up < 0) break;
          const above = keys.get(up);
          // Merge the smaller set into the larger: O(n log n) over the whole tree.
          if (above === undefined) keys.set(up, own);
          else if (above.size >= own.size) for (const key of own) above.add(key);
          else {
            for (const key of above) own.add(key);
            keys.set(up, own);
          }
          break;
        }
        case 'duration': {
          const own = this.durations[slot]?.get(node);
          const parts = pending.get(node) ?? [];
          pending.delete(node);
          if (own !== undefined) parts.push(Float64Array.from(own).sort());
          const sorted = mergeSorted(parts);
          if (sorted.length === 0) break;
          (medians as Float64Array)[node] = sorted[nearestRank(sorted.length, 0.5)] as number;
          (p90s as Float64Array)[node] = sorted[nearestRank(sorted.length, 0.9)] as number;
          if (up < 0) break;
          const above = pending.get(up);
          if (above === undefined) pending.set(up, [sorted]);
          else above.push(sorted);
          break;
        }
        default:
          break;
      }
    }
    this.durations[slot]?.clear();
    return {
      records,
      amount,
      sums,
      quantiles: (node) => {
        const median = medians?.[node];
        return median === undefined || Number.isNaN(median) ? null : [median, p90s?.[node] as number];
      },
    };
  }

  /**
   * A node's groups are complete once its children's are merged in: `records` takes the groups
   * with a value, `amount` those that pass. Then they merge into the parent's, the smaller map into
   * the larger, so each group moves O(log n) times over the whole tree.
   */
  private rollUpGroups(slot: number, node: number, up: number, groups: Float64Array, passing: Float64Array): void {
    const byNode = this.groups[slot] as Map<number, Map<Contribution, GroupTally>>;
    const own = byNode.get(node);
    if (own === undefined) return;
    byNode.delete(node);
    for (const group of own.values()) countStanding(group.standing(), node, groups, passing, 1);
    if (up < 0) return;
    const above = byNode.get(up);
    const [into, from] = above === undefined || above.size < own.size ? [own, above] : [above, own];
    byNode.set(up, into);
    for (const [key, group] of from ?? []) {
      const known = into.get(key);
      if (known === undefined) into.set(key, group);
      else known.merge(group);
    }
  }
}

/** Merges sorted arrays pairwise: O(n log k) for k arrays of n values in all. */
function mergeSorted(parts: Float64Array[]): Float64Array {
  if (parts.length === 0) return new Float64Array(0);
  let round = parts;
  while (round.length > 1) {
    const next: Float64Array[] = [];
    for (let index = 0; index < round.length; index += 2) {
      const left = round[index] as Float64Array;
      const right = round[index + 1];
      next.push(right === undefined ? left : mergeTwo(left, right));
    }
    round = next;
  }
  return round[0] as Float64Array;
}

function mergeTwo(left: Float64Array, right: Float64Array): Float64Array {
  const merged = new Float64Array(left.length + right.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) merged[k++] = (left[i] as number) <= (right[j] as number) ? (left[i++] as number) : (right[j++] as number);
  while (i < left.length) merged[k++] = left[i++] as number;
  while (j < right.length) merged[k++] = right[j++] as number;
  return merged;
}

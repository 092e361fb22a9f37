import { CivicGridError } from '../../errors/civic-grid-error.js';
import { type CompiledKpis, type CompiledMeasure, type Contribution, type KpiRecord, type NodeIndex, readTimes } from './compile.js';
import { HIERARCHY_NODE_KIND } from './entity-registry.js';
import { ExactSums } from './exact-sum.js';
import { KpiEvaluation, type MeasureState, nearestRank } from './evaluation.js';
import { countStanding, GroupTally } from './group-count.js';
import type { KpiPeriod } from './period.js';
import { SortedMultiset } from './sorted-multiset.js';

/** A record and the hierarchy node it is placed at. */
export interface KpiRecordAt {
  nodeId: string;
  record: KpiRecord;
}

/** One write, as the audit log has it: insert (before null), update, or remove (after null). */
export interface KpiChange {
  kind: string;
  before: KpiRecordAt | null;
  after: KpiRecordAt | null;
}

/**
 * Keeps every KPI current under a stream of changes. A change walks the
 * path from the record's node to the root once per affected measure, so the
 * work is O(depth × measures of that kind), whatever the number of records:
 * - count, coverage: O(1) per node on the path (coverage walks a second
 *   time only when a node of its level gains its first or loses its last record);
 * - sum: one exact (BigInt) addition per node;
 * - distinct: one hash update per node (a multiplicity per value per node);
 * - duration: O(log n + 512) per node (a chunked sorted multiset), and
 *   quantiles cost O(n / 512) when read, not when written;
 * - groupCount: one hash lookup per node for the record's group, whose
 *   standing (no value, failing, passing) is read before and after.
 * A move between nodes or a status entering or leaving a numerator is a
 * removal of the old contribution and an addition of the new one.
 * The stream must be consistent: a `before` is what was applied earlier.
 */
export class KpiAggregator {
  private readonly records: Float64Array[] = [];
  private readonly amounts: Float64Array[] = [];
  private readonly sums: (ExactSums | null)[] = [];
  /** Per slot: each distinct value as a small integer, so per-node counts hash integers, not strings. */
  private readonly keyIds: Map<Contribution, number>[] = [];
  /** Per slot and node: how many records in the subtree carry each key id. */
  private readonly keyCounts: (Map<number, number> | undefined)[][] = [];
  private readonly durations: (SortedMultiset | undefined)[][] = [];
  /** Per slot and node: the groups formed by the records in the subtree. */
  private readonly groups: (Map<Contribution, GroupTally> | undefined)[][] = [];
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly beforeTimes: Float64Array;
  private readonly afterTimes: Float64Array;
  private unplacedCount = 0;

  constructor(
    private readonly compiled: CompiledKpis,
    private readonly nodes: NodeIndex,
    private readonly periods: readonly KpiPeriod[],
  ) {
    this.starts = Float64Array.from(periods, (period) => period.start.getTime());
    this.ends = Float64Array.from(periods, (period) => period.end.getTime());
    this.beforeTimes = new Float64Array(compiled.maxTimeFields);
    this.afterTimes = new Float64Array(compiled.maxTimeFields);
    const size = nodes.ids.length;
    for (const measure of compiled.measures) {
      for (let period = 0; period < periods.length; period++) {
        const records = new Float64Array(size);
        this.records.push(records);
        this.amounts.push(measure.aggregate === 'count' || measure.aggregate === 'sum' ? records : new Float64Array(size));
        this.sums.push(measure.aggregate === 'sum' ? new ExactSums(size) : null);
        this.keyIds.push(new Map());
        this.keyCounts.push(measure.aggregate === 'distinct' ? new Array(size) : []);
        this.durations.push(measure.aggregate === 'duration' ? new Array(size) : []);
        this.groups.push(measure.aggregate === 'groupCount' ? new Array(size) : []);
      }
    }
    // Hierarchy figures come from the hierarchy it is built with: the audit log need not hold its nodes.
    for (const [index, node] of nodes.nodes.entries()) this.applyChange({ kind: HIERARCHY_NODE_KIND, before: null, after: { nodeId: nodes.ids[index] as string, record: node } });
  }

  /**
   * Applies one change. Kinds no KPI reads are ignored, and so is the kind
   * `hierarchyNode`: those figures come from the aggregator's own hierarchy.
   */
  apply(change: KpiChange): void {
    checkChange(change);
    if (change.kind !== HIERARCHY_NODE_KIND) this.applyChange(change);
  }

  private applyChange(change: KpiChange): void {
    const plan = this.compiled.plans.get(change.kind);
    if (plan === undefined) return;
    const before = this.placed(change.before, -1);
    const after = this.placed(change.after, 1);
    const { beforeTimes, afterTimes } = this;
    if (before !== -1) readTimes(plan, (change.before as KpiRecordAt).record, beforeTimes);
    if (after !== -1) readTimes(plan, (change.after as KpiRecordAt).record, afterTimes);
    for (const measure of plan.measures) {
      const old = before === -1 ? undefined : contributionOf(measure, (change.before as KpiRecordAt).record, beforeTimes);
      const now = after === -1 ? undefined : contributionOf(measure, (change.after as KpiRecordAt).record, afterTimes);
      if (old === undefined && now === undefined) continue;
      for (let period = 0; period < this.periods.length; period++) {
        const wasIn = old !== undefined && this.inPeriod(measure, beforeTimes, period);
        const isIn = now !== undefined && this.inPeriod(measure, afterTimes, period);
        // A group's key says nothing of its measure's parts: a kept key may still change them.
        if (wasIn && isIn && before === after && old === now && measure.group === null) continue;
        const slot = measure.index * this.periods.length + period;
        if (measure.group !== null) {
          if (wasIn) this.walkGroup(measure, slot, before, old, (change.before as KpiRecordAt).record, -1);
          if (isIn) this.walkGroup(measure, slot, after, now, (change.after as KpiRecordAt).record, 1);
          continue;
        }
        if (wasIn) this.walk(measure, slot, before, old, -1);
        if (isIn) this.walk(measure, slot, after, now, 1);
      }
    }
  }

  /** Inserts records in bulk, e.g. the state the audit stream starts from. */
  load(kind: string, placed: Iterable<KpiRecordAt>): void {
    for (const after of placed) this.apply({ kind, before: null, after });
  }

  /** A live view of one period (index into the periods given): it reflects later changes. */
  evaluation(period = 0): KpiEvaluation {
    const target = this.periods[period];
    if (target === undefined) throw CivicGridError.validation('KpiAggregator.evaluation', [{ path: ['period'], message: `no period ${period}; there are ${this.periods.length}` }]);
    const states = this.compiled.measures.map((measure) => this.stateOf(measure.index * this.periods.length + period));
    return new KpiEvaluation(target, this.compiled, this.nodes, states, this.unplacedCount);
  }

  private placed(side: KpiRecordAt | null, sign: number): number {
    if (side === null) return -1;
    const node = this.nodes.indexOf.get(side.nodeId);
    if (node === undefined) {
      this.unplacedCount += sign;
      return -1;
    }
    return node;
  }

  private inPeriod(measure: CompiledMeasure, times: Float64Array, period: number): boolean {
    if (measure.timeIndex < 0) return true;
    const time = times[measure.timeIndex] as number;
    return time >= (this.starts[period] as number) && time < (this.ends[period] as number);
  }

  /** One loop per aggregate, so each stays small and monomorphic: this is the hot path. */
  private walk(measure: CompiledMeasure, slot: number, node: number, value: Contribution, sign: 1 | -1): void {
    const { parent, level } = this.nodes;
    const records = this.records[slot] as Float64Array;
    const amount = this.amounts[slot] as Float64Array;
    switch (measure.aggregate) {
      case 'count':
        for (let at = node; at >= 0; at = parent[at] as number) records[at] = (records[at] as number) + sign;
        return;
      case 'sum': {
        const sums = this.sums[slot] as ExactSums;
        const units = sums.unitsOf(value as number);
        const delta = sign === 1 ? units : -units;
        for (let at = node; at >= 0; at = parent[at] as number) {
          records[at] = (records[at] as number) + sign;
          sums.add(at, delta);
        }
        return;
      }
      case 'distinct': {
        const ids = this.keyIds[slot] as Map<Contribution, number>;
        let key = ids.get(value);
        if (key === undefined) ids.set(value, (key = ids.size));
        const byNode = this.keyCounts[slot] as (Map<number, number> | undefined)[];
        for (let at = node; at >= 0; at = parent[at] as number) {
          records[at] = (records[at] as number) + sign;
          let counts = byNode[at];
          if (counts === undefined) byNode[at] = counts = new Map();
          const multiplicity = (counts.get(key) ?? 0) + sign;
          if (multiplicity === 0) {
            counts.delete(key);
            amount[at] = (amount[at] as number) - 1;
          } else {
            counts.set(key, multiplicity);
            if (multiplicity === 1 && sign === 1) amount[at] = (amount[at] as number) + 1;
          }
        }
        return;
      }
      case 'duration': {
        const byNode = this.durations[slot] as (SortedMultiset | undefined)[];
        for (let at = node; at >= 0; at = parent[at] as number) {
          records[at] = (records[at] as number) + sign;
          let values = byNode[at];
          if (values === undefined) byNode[at] = values = new SortedMultiset();
          if (sign === 1) values.add(value as number);
          else values.delete(value as number);
        }
        return;
      }
      case 'coverage': {
        // The node of the level is covered from its minimum-th record on: it changes only when crossing it.
        let coverFrom = -1;
        for (let at = node; at >= 0; at = parent[at] as number) {
          records[at] = (records[at] as number) + sign;
          if (level[at] !== measure.coverageLevel) continue;
          const minimum = measure.coverageMinimum(this.nodes.nodes[at] as KpiRecord);
          if (records[at] === (sign === 1 ? minimum : minimum - 1)) coverFrom = at;
        }
        for (let at = coverFrom; at >= 0; at = parent[at] as number) amount[at] = (amount[at] as number) + sign;
        return;
      }
    }
  }

  /** Moves the record's group at every node on the path from one standing to another. */
  private walkGroup(measure: CompiledMeasure, slot: number, node: number, key: Contribution, record: KpiRecord, sign: 1 | -1): void {
    const { parent } = this.nodes;
    const groups = this.records[slot] as Float64Array;
    const passing = this.amounts[slot] as Float64Array;
    const byNode = this.groups[slot] as (Map<Contribution, GroupTally> | undefined)[];
    for (let at = node; at >= 0; at = parent[at] as number) {
      let own = byNode[at];
      if (own === undefined) byNode[at] = own = new Map();
      let group = own.get(key);
      if (group === undefined) own.set(key, (group = new GroupTally(measure.group as NonNullable<CompiledMeasure['group']>)));
      countStanding(group.standing(), at, groups, passing, -1);
      group.add(record, sign);
      countStanding(group.standing(), at, groups, passing, 1);
      if (group.records === 0) own.delete(key);
    }
  }

  private stateOf(slot: number): MeasureState {
    const durations = this.durations[slot] as (SortedMultiset | undefined)[];
    return {
      records: this.records[slot] as Float64Array,
      amount: this.amounts[slot] as Float64Array,
      sums: this.sums[slot] as ExactSums | null,
      quantiles: (node) => {
        const values = durations[node];
        if (values === undefined || values.size === 0) return null;
        return [values.at(nearestRank(values.size, 0.5)) as number, values.at(nearestRank(values.size, 0.9)) as number];
      },
    };
  }
}

function contributionOf(measure: CompiledMeasure, record: KpiRecord, times: Float64Array): Contribution | undefined {
  return measure.matches(record) ? measure.contributionOf(record, times) : undefined;
}

function isPlaced(side: unknown): boolean {
  if (side === null) return true;
  const placed = side as Partial<KpiRecordAt> | undefined;
  return typeof placed === 'object' && typeof placed.nodeId === 'string' && typeof placed.record === 'object' && placed.record !== null;
}

/** Hand-written checks: a zod parse per change would cost more than the update itself. */
function checkChange(change: KpiChange): void {
  if (typeof change?.kind === 'string' && change.kind.length > 0 && isPlaced(change.before) && isPlaced(change.after) && (change.before !== null || change.after !== null)) return;
  const issues = [];
  if (change === null || typeof change !== 'object') {
    throw CivicGridError.validation('KPI change', [{ path: [], message: 'a change is an object { kind, before, after }' }]);
  }
  if (typeof change.kind !== 'string' || change.kind.length === 0) issues.push({ path: ['kind'], message: 'kind must be a non-empty string' });
  for (const side of ['before', 'after'] as const) {
    const value = change[side] as unknown;
    if (value === null) continue;
    const placed = value as Partial<KpiRecordAt> | undefined;
    if (placed === undefined || typeof placed !== 'object') issues.push({ path: [side], message: `${side} must be null or { nodeId, record }` });
    else {
      if (typeof placed.nodeId !== 'string') issues.push({ path: [side, 'nodeId'], message: 'nodeId must be a string' });
      if (placed.record === null || typeof placed.record !== 'object') issues.push({ path: [side, 'record'], message: 'record must be an object' });
    }
  }
  if (change.before === null && change.after === null && issues.length === 0) issues.push({ path: [], message: 'a change needs a before, an after, or both' });
  if (issues.length > 0) throw CivicGridError.validation('KPI change', issues);
}

import { CivicGridError } from '../../errors/civic-grid-error.js';
import type { CompiledKpis, CompiledMeasure, Contribution, KpiRecord, NodeIndex } from './compile.js';
import { KpiEvaluation, type MeasureState, nearestRank } from './evaluation.js';
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
 * - count, sum, coverage: O(1) per node on the path (coverage walks a second
 *   time only when a node of its level gains its first or loses its last record);
 * - distinct: one hash update per node (a multiplicity per value per node);
 * - duration: O(log n + 512) per node (a chunked sorted multiset), and
 *   quantiles cost O(n / 512) when read, not when written.
 * A move between nodes or a status entering or leaving a numerator is a
 * removal of the old contribution and an addition of the new one.
 * The stream must be consistent: a `before` is what was applied earlier.
 */
export class KpiAggregator {
  private readonly records: Float64Array[] = [];
  private readonly amounts: Float64Array[] = [];
  private readonly keys: Map<number, Map<Contribution, number>>[] = [];
  private readonly durations: Map<number, SortedMultiset>[] = [];
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private unplacedCount = 0;

  constructor(
    private readonly compiled: CompiledKpis,
    private readonly nodes: NodeIndex,
    private readonly periods: readonly KpiPeriod[],
  ) {
    this.starts = Float64Array.from(periods, (period) => period.start.getTime());
    this.ends = Float64Array.from(periods, (period) => period.end.getTime());
    const size = nodes.ids.length;
    for (const measure of compiled.measures) {
      for (let period = 0; period < periods.length; period++) {
        const records = new Float64Array(size);
        this.records.push(records);
        this.amounts.push(measure.aggregate === 'count' ? records : new Float64Array(size));
        this.keys.push(new Map());
        this.durations.push(new Map());
      }
    }
  }

  /** Applies one change. Kinds no KPI reads are ignored. */
  apply(change: KpiChange): void {
    checkChange(change);
    const measures = this.compiled.measuresByEntity.get(change.kind);
    if (measures === undefined) return;
    const before = this.placed(change.before, -1);
    const after = this.placed(change.after, 1);
    for (const measure of measures) {
      const old = before === -1 ? undefined : contributionOf(measure, (change.before as KpiRecordAt).record);
      const now = after === -1 ? undefined : contributionOf(measure, (change.after as KpiRecordAt).record);
      if (old === undefined && now === undefined) continue;
      for (let period = 0; period < this.periods.length; period++) {
        const wasIn = old !== undefined && this.inPeriod(measure, old.time, period);
        const isIn = now !== undefined && this.inPeriod(measure, now.time, period);
        if (wasIn && isIn && before === after && old.value === now.value) continue;
        const slot = measure.index * this.periods.length + period;
        if (wasIn) this.walk(measure, slot, before, old.value, -1);
        if (isIn) this.walk(measure, slot, after, now.value, 1);
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

  private inPeriod(measure: CompiledMeasure, time: number, period: number): boolean {
    return measure.timeOf === null || (time >= (this.starts[period] as number) && time < (this.ends[period] as number));
  }

  private walk(measure: CompiledMeasure, slot: number, node: number, value: Contribution, sign: 1 | -1): void {
    const { parent, level } = this.nodes;
    const records = this.records[slot] as Float64Array;
    const amount = this.amounts[slot] as Float64Array;
    let coverFrom = -1;
    for (let at = node; at >= 0; at = parent[at] as number) {
      records[at] = (records[at] as number) + sign;
      switch (measure.aggregate) {
        case 'sum':
          amount[at] = (amount[at] as number) + sign * (value as number);
          break;
        case 'distinct': {
          const byNode = this.keys[slot] as Map<number, Map<Contribution, number>>;
          let counts = byNode.get(at);
          if (counts === undefined) byNode.set(at, (counts = new Map()));
          const multiplicity = (counts.get(value) ?? 0) + sign;
          if (multiplicity === 0) {
            counts.delete(value);
            amount[at] = (amount[at] as number) - 1;
          } else {
            counts.set(value, multiplicity);
            if (multiplicity === 1 && sign === 1) amount[at] = (amount[at] as number) + 1;
          }
          break;
        }
        case 'duration': {
          const byNode = this.durations[slot] as Map<number, SortedMultiset>;
          let values = byNode.get(at);
          if (values === undefined) byNode.set(at, (values = new SortedMultiset()));
          if (sign === 1) values.add(value as number);
          else values.delete(value as number);
          break;
        }
        case 'coverage':
          if (level[at] === measure.coverageLevel && records[at] === (sign === 1 ? 1 : 0)) coverFrom = at;
          break;
        default:
          break;
      }
    }
    for (let at = coverFrom; at >= 0; at = parent[at] as number) amount[at] = (amount[at] as number) + sign;
  }

  private stateOf(slot: number): MeasureState {
    const durations = this.durations[slot] as Map<number, SortedMultiset>;
    return {
      records: this.records[slot] as Float64Array,
      amount: this.amounts[slot] as Float64Array,
      quantiles: (node) => {
        const values = durations.get(node);
        if (values === undefined || values.size === 0) return null;
        return [values.at(nearestRank(values.size, 0.5)) as number, values.at(nearestRank(values.size, 0.9)) as number];
      },
    };
  }
}

function contributionOf(measure: CompiledMeasure, record: KpiRecord): { value: Contribution; time: number } | undefined {
  if (!measure.matches(record)) return undefined;
  const value = measure.contributionOf(record);
  if (value === undefined) return undefined;
  return { value, time: measure.timeOf === null ? 0 : measure.timeOf(record) };
}

/** Hand-written checks: a zod parse per change would cost more than the update itself. */
function checkChange(change: KpiChange): void {
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

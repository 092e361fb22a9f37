import { CivicGridError } from '../../errors/civic-grid-error.js';
import type { KpiDefinition } from '../../model/kpi-definition.js';
import type { CompiledKpis, NodeIndex } from './compile.js';
import type { ExactSums } from './exact-sum.js';
import type { KpiPeriod } from './period.js';

/**
 * One measure's tally for one period, per node and rolled up: each node
 * counts the records placed at it and everywhere below it.
 */
export interface MeasureState {
  /** Matching records in the subtree: the sample size. */
  readonly records: Float64Array;
  /** count: records; distinct: distinct values; coverage: covered nodes of the level; groupCount: groups that pass (`records`: groups with a value). Unused for sums. */
  readonly amount: Float64Array;
  /** Sum only: the exact sums (each rounded once to the nearest double when read). */
  readonly sums: Pick<ExactSums, 'valueAt'> | null;
  /** Duration only: [median, p90] in ms by the nearest-rank method, or null when the subtree has none. */
  quantiles(node: number): readonly [number, number] | null;
}

/** A KPI's value at one node. */
export interface KpiValue {
  /**
   * count, sum, distinct: the number. ratio, coverage: the share in [0, 1],
   * null when the denominator is 0. duration: the median in the definition's
   * unit (hours unless told), null when no record has finished. groupCount:
   * the groups that pass, or with `share` their share (null without groups).
   */
  value: number | null;
  /** ratio: summed numerator; coverage: covered nodes; groupCount: groups that pass. */
  numerator?: number;
  /** ratio: summed denominator; coverage: nodes of the level in the subtree; groupCount: groups with a value. */
  denominator?: number;
  /** duration: the 90th percentile in the definition's unit. */
  p90?: number | null;
  /** Records behind the figure (a ratio's denominator records; coverage: the nodes of the level). Rankings use it. */
  sampleSize: number;
}

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/**
 * The values of every KPI at every node for one period. A ratio is read from
 * the summed numerator and denominator of the subtree, never from the
 * children's ratios.
 */
export class KpiEvaluation {
  // Not tagged internal: stripped from the declarations, it would leave a public no-argument constructor.
  /** Not for users: built by the full tally and by the incremental aggregator. */
  constructor(
    readonly period: KpiPeriod,
    private readonly compiled: CompiledKpis,
    private readonly nodes: NodeIndex,
    private readonly states: readonly MeasureState[],
    /** Records whose node is not in the hierarchy; they count nowhere. */
    readonly unplaced: number,
  ) {}

  /** Not for users: one measure's tally, for an evaluation assembled from several sources (computeKpisInDatabase). */
  measureState(measure: number): MeasureState {
    return this.states[measure] as MeasureState;
  }

  get definitions(): KpiDefinition[] {
    return this.compiled.kpis.map((kpi) => kpi.definition);
  }

  /** The definition of the KPI with this id; NOT_FOUND when the evaluation has none. */
  definition(id: string): KpiDefinition {
    return this.kpiAt(id).definition;
  }

  /** The KPI's value at a hierarchy node; NOT_FOUND for an unknown KPI or node. */
  value(definitionId: string, nodeId: string): KpiValue {
    const kpi = this.kpiAt(definitionId);
    const node = this.nodes.indexOf.get(nodeId);
    if (node === undefined) throw new CivicGridError('NOT_FOUND', `no hierarchy node "${nodeId}"`, { issues: [{ path: ['nodeId'], message: `unknown node "${nodeId}"` }] });
    const { definition, measures } = kpi;
    const [first, second] = measures.map((index) => this.states[index] as MeasureState) as [MeasureState, MeasureState | undefined];
    const records = first.records[node] as number;
    const amount = first.amount[node] as number;
    switch (definition.kind) {
      case 'count':
      case 'distinct':
        return { value: amount, sampleSize: records };
      case 'sum':
        return { value: measureValue(first, node), sampleSize: records };
      case 'ratio': {
        const denominatorState = second as MeasureState;
        const numerator = measureValue(first, node);
        const denominator = measureValue(denominatorState, node);
        return { value: denominator === 0 ? null : numerator / denominator, numerator, denominator, sampleSize: denominatorState.records[node] as number };
      }
      case 'coverage': {
        const total = this.nodes.nodesAtLevelWithin(this.compiled.measures[measures[0] as number]?.coverageLevel ?? 0)[node] as number;
        return { value: total === 0 ? null : amount / total, numerator: amount, denominator: total, sampleSize: total };
      }
      case 'groupCount': {
        const value = definition.share === true ? (records === 0 ? null : amount / records) : amount;
        return { value, numerator: amount, denominator: records, sampleSize: records };
      }
      case 'duration': {
        const unit = UNIT_MS[definition.unit ?? 'hours'];
        const quantiles = first.quantiles(node);
        return { value: quantiles === null ? null : quantiles[0] / unit, p90: quantiles === null ? null : quantiles[1] / unit, sampleSize: records };
      }
    }
  }

  private kpiAt(id: string): CompiledKpis['kpis'][number] {
    const index = this.compiled.indexById.get(id);
    if (index === undefined) throw new CivicGridError('NOT_FOUND', `no KPI "${id}" in this evaluation`, { issues: [{ path: ['definitionId'], message: `unknown KPI "${id}"` }] });
    return this.compiled.kpis[index] as CompiledKpis['kpis'][number];
  }
}

/** A count's or distinct count's amount, or a sum's exact value. */
function measureValue(state: MeasureState, node: number): number {
  return state.sums === null ? (state.amount[node] as number) : state.sums.valueAt(node);
}

/** Nearest-rank quantile of sorted values: always an observed duration, no interpolation. */
export function nearestRank(sortedLength: number, q: number): number {
  return Math.max(0, Math.ceil(q * sortedLength) - 1);
}

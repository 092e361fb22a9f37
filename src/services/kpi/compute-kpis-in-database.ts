import { z } from 'zod';
import { decodeScope, encodeScope } from '../../adapters/scope.js';
import { compileKpisToSql, type KpiSqlSlot } from '../../adapters/sql/kpi/compile-kpis-to-sql.js';
import { readGroupRow } from '../../adapters/sql/kpi/group-count-sql.js';
import { sqlAccessOf } from '../../adapters/sql/sql-access.js';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { Hierarchy } from '../../rules/hierarchy/hierarchy.js';
import { type CompiledMeasure, compileKpis, type KpiRecord, type NodeIndex, indexHierarchy } from '../../rules/kpi/compile.js';
import { HIERARCHY_NODE_KIND, type KpiEntityRegistry } from '../../rules/kpi/entity-registry.js';
import { KpiEvaluation, type MeasureState } from '../../rules/kpi/evaluation.js';
import { isKpiPack, type KpiPack } from '../../rules/kpi/pack.js';
import { previousPeriod, resolvePeriod } from '../../rules/kpi/period.js';
import { buildKpiReport } from '../../rules/kpi/report.js';
import { KpiTally } from '../../rules/kpi/tally.js';
import type { ComputeKpisOptions, KpiResult } from './compute-kpis.js';

/** What {@link computeKpisInDatabase} takes: what {@link computeKpis} takes, with the SQL adapter (or a store over it) in place of the store reader. */
export interface ComputeKpisInDatabaseOptions extends Omit<ComputeKpisOptions, 'store' | 'pageSize'> {
  /** A PostgreSQL (pg or PGlite) or SQLite adapter; or give `store`. */
  adapter?: object;
  /** A store created over such an adapter; or give `adapter`. */
  store?: object;
}

const OptionsSchema = z
  .object({
    adapter: z.object({}).passthrough().optional(),
    store: z.object({}).passthrough().optional(),
    hierarchy: z.custom<Hierarchy>((value) => value instanceof Hierarchy, 'hierarchy must be a Hierarchy (see createHierarchy)'),
    definitions: z.custom<KpiPack | readonly unknown[]>((value) => Array.isArray(value) || isKpiPack(value), 'definitions must be a KPI pack or an array'),
    registry: z.custom<KpiEntityRegistry>((value) => typeof (value as KpiEntityRegistry | null)?.field === 'function', 'registry must be a KpiEntityRegistry'),
    period: z.unknown(),
    at: z.date(),
    timeZone: z.string().optional(),
  })
  .strict()
  .refine((options) => (options.adapter === undefined) !== (options.store === undefined), { message: 'give exactly one of adapter or store', path: ['adapter'] });

/**
 * computeKpis, computed where the data lives: every figure of every KPI at
 * every node, for the period and the one before, by the SQL that
 * compileKpisToSql writes (one statement per entity kind, all in one
 * snapshot). Node receives one row per node, never the records, so its
 * memory does not grow with them. The result is the same KpiResult, equal
 * figure for figure. Records must be scoped by their node's path in the
 * hierarchy (`hierarchy.pathOf`, possibly extended below the modelled
 * levels), as the store's services write them; a record whose scope contradicts the
 * hierarchy fails VALIDATION_FAILED rather than being counted elsewhere.
 * Not every adapter is SQL: on any other, this fails (use computeKpis).
 */
export async function computeKpisInDatabase(options: ComputeKpisInDatabaseOptions): Promise<KpiResult> {
  const parsed = parseWithSchema(OptionsSchema, options, 'computeKpisInDatabase options');
  const { hierarchy, registry, at, timeZone } = parsed;
  const source = (parsed.adapter ?? parsed.store) as object;
  const access = sqlAccessOf(options.adapter ?? options.store ?? source);
  if (access === undefined) {
    const field = options.adapter === undefined ? 'store' : 'adapter';
    throw CivicGridError.validation('computeKpisInDatabase options', [{ path: [field], message: `the ${field} does not sit on SQL (PostgreSQL or SQLite adapter); use computeKpis` }]);
  }
  const period = resolvePeriod(options.period, timeZone === undefined ? { at } : { at, timeZone });
  const before = previousPeriod(period);
  const periods = [period, before];
  const sql = compileKpisToSql({ definitions: parsed.definitions, registry, dialect: access.dialect, ...(access.schema === null ? {} : { schema: access.schema }), periodCount: periods.length });
  const compiled = compileKpis(sql.definitions, registry, period.timeZone);
  const nodes = indexHierarchy(hierarchy);
  // Figures of hierarchy nodes come from the hierarchy itself, as in computeKpis.
  const fromHierarchy = new KpiTally(compiled, nodes, periods).finish();
  const tallies = new Map<string, SlotTally>();
  const tallyOf = (measure: number, period: number, aggregate: KpiSqlSlot['aggregate']): SlotTally => {
    const key = `${measure}/${period}`;
    let tally = tallies.get(key);
    if (tally === undefined) tallies.set(key, (tally = new SlotTally(aggregate, nodes.ids.length, compiled.measures[measure] as CompiledMeasure)));
    return tally;
  };
  await access.snapshot(async (read) => {
    for (const statement of sql.statements) {
      const rows = await read(statement.sql, statement.params({ rootScope: [hierarchy.rootId], timeZone: period.timeZone, periods }));
      for (const row of rows) {
        const node = nodeOf(row.scope_key, nodes, hierarchy);
        if (node === undefined) continue;
        for (const slot of statement.slots) tallyOf(slot.measure, slot.period, slot.aggregate).read(slot, row, node);
      }
    }
  });
  const evaluations = periods.map((resolved, index) => {
    const states = compiled.measures.map((measure) => {
      if (measure.entity === HIERARCHY_NODE_KIND) return (fromHierarchy[index] as KpiEvaluation).measureState(measure.index);
      return tallyOf(measure.index, index, measure.aggregate).state(nodes);
    });
    return new KpiEvaluation(resolved, compiled, nodes, states, 0);
  });
  const [current, previous] = evaluations as [KpiEvaluation, KpiEvaluation];
  return {
    period,
    previousPeriod: before,
    current,
    previous,
    report: (nodeId = hierarchy.rootId) => buildKpiReport({ hierarchy, current, previous, nodeId }),
  };
}

/**
 * The node a row's scope key names: the key's last id, when the key is that
 * node's path. Resolved per row, not per node, so a city of a million nodes
 * costs nothing where it has no records. Undefined for a level below the
 * modelled nodes; throws when the key contradicts the hierarchy.
 */
function nodeOf(key: unknown, nodes: NodeIndex, hierarchy: Hierarchy): number | undefined {
  if (typeof key !== 'string' || key.includes('//')) return undefined;
  const last = decodeScope(key).at(-1);
  if (last === undefined || !hierarchy.has(last)) return undefined;
  const expected = encodeScope(hierarchy.pathOf(last));
  if (expected !== key) {
    throw CivicGridError.validation('computeKpisInDatabase', [
      { path: ['scope'], message: `records are scoped at ${JSON.stringify(key)}, but node "${last}" sits at ${JSON.stringify(expected)}: scopes must follow the hierarchy (hierarchy.pathOf)` },
    ]);
  }
  return nodes.indexOf.get(last);
}

/** One measure's figures for one period, per node, as the rows give them (already rolled up). */
class SlotTally {
  private readonly records: Float64Array;
  private readonly amount: Float64Array;
  private readonly sums: (number | undefined)[] | null;
  private readonly quantiles: ([number, number] | undefined)[];

  constructor(
    private readonly aggregate: KpiSqlSlot['aggregate'],
    size: number,
    private readonly measure: CompiledMeasure,
  ) {
    this.records = new Float64Array(size);
    this.amount = aggregate === 'count' || aggregate === 'sum' ? this.records : new Float64Array(size);
    this.sums = aggregate === 'sum' ? [] : null;
    this.quantiles = [];
  }

  read(slot: KpiSqlSlot, row: Record<string, unknown>, node: number): void {
    // One row per group: the node's figures add up over its rows.
    if (this.measure.group !== null) return readGroupRow(slot, row, node, this.measure.group, this.records, this.amount);
    this.records[node] = Number(row[slot.records]);
    const value = slot.value === null ? null : row[slot.value];
    if (value === null || value === undefined) return;
    switch (this.aggregate) {
      case 'sum':
        // The exact decimal, rounded once to the nearest double, as ExactSums.valueAt does.
        (this.sums as (number | undefined)[])[node] = Number(value);
        break;
      case 'distinct':
        this.amount[node] = Number(value);
        break;
      case 'duration': {
        const pair = (typeof value === 'string' && value.startsWith('{') ? value.slice(1, -1).split(',') : typeof value === 'string' ? JSON.parse(value) : value) as unknown[];
        this.quantiles[node] = [Number(pair[0]), Number(pair[1])];
        break;
      }
      default:
        break;
    }
  }

  state(nodes: NodeIndex): MeasureState {
    const { records, amount, sums, quantiles } = this;
    if (this.aggregate === 'coverage') {
      // Covered nodes of the level, summed up the tree; children come after parents.
      amount.fill(0);
      for (let node = records.length - 1; node >= 0; node--) {
        if (nodes.level[node] === this.measure.coverageLevel) amount[node] = (records[node] as number) >= this.measure.coverageMinimum(nodes.nodes[node] as KpiRecord) ? 1 : 0;
        const up = nodes.parent[node] as number;
        if (up >= 0) amount[up] = (amount[up] as number) + (amount[node] as number);
      }
    }
    return {
      records,
      amount,
      sums: sums === null ? null : { valueAt: (node) => sums[node] ?? 0 },
      quantiles: (node) => quantiles[node] ?? null,
    };
  }
}

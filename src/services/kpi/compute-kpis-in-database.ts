import { z } from 'zod';
import { compileKpisToSql, type KpiSqlSlot, type KpiSqlStatement } from '../../adapters/sql/kpi/compile-kpis-to-sql.js';
import type { SqlRead } from '../../adapters/sql/sql-access.js';
import { readGroupRow } from '../../adapters/sql/kpi/group-count-sql.js';
import { applyKpiReadSettings, forEachKpiRow, KPI_WORK_MEM } from '../../adapters/sql/kpi/read-kpi-rows.js';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { KpiDefinition } from '../../model/kpi-definition.js';
import { Hierarchy } from '../../rules/hierarchy/hierarchy.js';
import { type CompiledMeasure, compileKpis, type KpiRecord, type NodeIndex, indexHierarchy } from '../../rules/kpi/compile.js';
import { HIERARCHY_NODE_KIND, type KpiEntityRegistry } from '../../rules/kpi/entity-registry.js';
import { KpiEvaluation, type MeasureState } from '../../rules/kpi/evaluation.js';
import { ExactSums } from '../../rules/kpi/exact-sum.js';
import { isKpiPack, type KpiPack } from '../../rules/kpi/pack.js';
import { type KpiPeriod, previousPeriod, resolvePeriod } from '../../rules/kpi/period.js';
import { buildKpiReport } from '../../rules/kpi/report.js';
import { KpiTally } from '../../rules/kpi/tally.js';
import { type ProjectedStatement, projectedStatements } from './kpi-projections.js';
import { recordScopePlacer, rowPlacer } from './scope-key-placement.js';
import { ADAPTER_OR_STORE_FIELDS, hasOneOfAdapterOrStore, ONE_OF_ADAPTER_OR_STORE, sqlAccessOfOptions } from './sql-access-of-options.js';
import type { ComputeKpisOptions, KpiResult } from './compute-kpis.js';

/** What {@link computeKpisInDatabase} takes: what {@link computeKpis} takes, with the SQL adapter (or a store over it) in place of the store reader. */
export interface ComputeKpisInDatabaseOptions extends Omit<ComputeKpisOptions, 'store' | 'pageSize'> {
  /** A PostgreSQL (pg or PGlite) or SQLite adapter; or give `store`. */
  adapter?: object;
  /** A store created over such an adapter; or give `adapter`. */
  store?: object;
  /** PostgreSQL only: memory per sort or hash of the statements (`work_mem`, e.g. '256MB'; default '64MB'), for this call's transaction only. */
  workMem?: string;
  /**
   * PostgreSQL over a pg Pool only: how many of the pool's connections the
   * call reads on at once (default 2, at most 8), a statement (an entity
   * kind) on each, all in one snapshot. It takes only connections the pool
   * has spare when the call starts, never waiting for one; with none spare,
   * or on PGlite and SQLite, the statements run in turn on one.
   */
  connections?: number;
  /**
   * Keep each entity kind's per-record KPI columns in a table of the
   * database (a projection), built by the first call and brought up to date
   * from the audit log by each later one, which then re-reads only the
   * records changed since and rolls up typed columns instead of every
   * record's JSON. Same figures; the call writes to the database. Records
   * written around the store are not seen until dropKpiProjections.
   */
  incremental?: boolean;
}

/** The connections a call reads on at once by default (see ComputeKpisInDatabaseOptions.connections). */
const KPI_CONNECTIONS = 2;

const OptionsSchema = z
  .object({
    ...ADAPTER_OR_STORE_FIELDS,
    hierarchy: z.custom<Hierarchy>((value) => value instanceof Hierarchy, 'hierarchy must be a Hierarchy (see createHierarchy)'),
    definitions: z.custom<KpiPack | readonly unknown[]>((value) => Array.isArray(value) || isKpiPack(value), 'definitions must be a KPI pack or an array'),
    registry: z.custom<KpiEntityRegistry>((value) => typeof (value as KpiEntityRegistry | null)?.field === 'function', 'registry must be a KpiEntityRegistry'),
    period: z.unknown(),
    at: z.date(),
    timeZone: z.string().optional(),
    incremental: z.boolean().optional(),
    connections: z.number().int().min(1).max(8).optional(),
    workMem: z
      .string()
      .regex(/^[1-9][0-9]{0,8}(kB|MB|GB)$/, 'workMem is a PostgreSQL memory size such as "256MB" (kB, MB or GB)')
      .optional(),
  })
  .strict()
  .refine(hasOneOfAdapterOrStore, ONE_OF_ADAPTER_OR_STORE);

/**
 * computeKpis, computed where the data lives: every figure of every KPI at
 * every node, for the period and the one before, by the SQL that
 * compileKpisToSql writes (one statement per entity kind, all in one
 * snapshot). Node receives one row per node holding records, never the
 * records, and from PostgreSQL through a server-side cursor a batch at a
 * time, so its memory does not grow with them: it holds the hierarchy's
 * index (built once per Hierarchy) and one array per node for each figure
 * that some row brought. The result is the same KpiResult, equal
 * figure for figure. Records must be scoped by their node's path in the
 * hierarchy (`hierarchy.pathOf`, possibly extended below the modelled
 * levels), as the store's services write them; a record some figure counts
 * whose scope contradicts the hierarchy fails VALIDATION_FAILED rather than
 * being counted elsewhere (records no figure counts are not read).
 * Not every adapter is SQL: on any other, this fails (use computeKpis).
 */
export async function computeKpisInDatabase(options: ComputeKpisInDatabaseOptions): Promise<KpiResult> {
  const parsed = parseWithSchema(OptionsSchema, options, 'computeKpisInDatabase options');
  const { hierarchy, registry, at, timeZone } = parsed;
  const access = sqlAccessOfOptions(options, 'computeKpisInDatabase options', '; use computeKpis');
  const period = resolvePeriod(options.period, timeZone === undefined ? { at } : { at, timeZone });
  const before = previousPeriod(period);
  const periods = [period, before];
  const sql = compileKpisToSql({ definitions: parsed.definitions, registry, dialect: access.dialect, ...(access.schema === null ? {} : { schema: access.schema }), periodCount: periods.length });
  const compiled = compileKpis(sql.definitions, registry, period.timeZone);
  const nodes = hierarchyIndex(hierarchy);
  const fromHierarchy = hierarchyFigures(hierarchy, sql.definitions, registry, period.timeZone, nodes, periods);
  const placeNode = rowPlacer(nodes);
  const placeRecordScope = recordScopePlacer(nodes);
  // One tally per measure and period, made when a row first brings it a figure; the rest share one empty state.
  const tallies = new Map<string, SlotTally>();
  const bindings = { rootScope: [hierarchy.rootId], timeZone: period.timeZone, periods };
  const runs = parsed.incremental === true ? await projectedStatements(access, sql.statements, bindings) : sql.statements.map((statement) => ({ sql: statement.sql, params: statement.params(bindings) }));
  const runStatement = async (read: SqlRead, index: number): Promise<void> => {
    const statement = sql.statements[index] as KpiSqlStatement;
    const { sql: text, params } = runs[index] as ProjectedStatement;
    const own: (SlotTally | undefined)[] = statement.slots.map(() => undefined);
    const { slots } = statement;
    await forEachKpiRow(read, access.dialect, text, params, (columns) => {
      const scopeKey = columns.indexOf('scope_key');
      const places = slots.map((slot) => slotColumns(slot, columns));
      return (row) => {
        // A row is either a record scope's (its slots added up the tree here) or a node's (already rolled up).
        let node: number | undefined | null = null;
        for (let index = 0; index < slots.length; index++) {
          const slot = slots[index] as KpiSqlSlot;
          const place = places[index] as SlotColumns;
          const records = Number(row[place.records]);
          if (records === 0) continue;
          node ??= slot.perRecordScope ? placeRecordScope(row[scopeKey]) : placeNode(row[scopeKey]);
          if (node === undefined) return;
          let tally = own[index];
          if (tally === undefined) tallies.set(`${slot.measure}/${slot.period}`, (own[index] = tally = new SlotTally(slot.aggregate, nodes.ids.length, compiled.measures[slot.measure] as CompiledMeasure)));
          const value = place.value === -1 ? null : row[place.value];
          if (place.firsts.length > 0) tally.addUpFirsts(records, row, place.firsts, node, nodes);
          else if (slot.perRecordScope) tally.addOwn(records, value, node);
          else tally.read(records, value, row, place.parts, node);
        }
      };
    });
  };
  // Each read takes the next statement when it is free; the statements' tallies are their own, so their rows may interleave.
  await access.snapshot(async (reads) => {
    let next = 0;
    let failed = false;
    const settled = await Promise.allSettled(
      reads.map(async (read) => {
        await applyKpiReadSettings(read, access.dialect, parsed.workMem ?? KPI_WORK_MEM);
        while (!failed && next < sql.statements.length) {
          try {
            await runStatement(read, next++);
          } catch (error) {
            failed = true;
            throw error;
          }
        }
      }),
    );
    // Every read has stopped before the snapshot ends and its connections go back: the first failure is the one reported.
    const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  }, parsed.connections ?? KPI_CONNECTIONS);
  const empty = emptyStates(nodes.ids.length);
  const evaluations = periods.map((resolved, index) => {
    let hierarchyMeasure = 0;
    const states = compiled.measures.map((measure) => {
      if (measure.entity === HIERARCHY_NODE_KIND) return (fromHierarchy[index] as MeasureState[])[hierarchyMeasure++] as MeasureState;
      const tally = tallies.get(`${measure.index}/${index}`);
      return tally === undefined ? empty(measure.aggregate) : tally.state(nodes);
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

/** Where one slot's figures sit in a statement's rows (column indices; -1: none). */
interface SlotColumns {
  records: number;
  value: number;
  parts: readonly number[];
  firsts: readonly number[];
}

function slotColumns(slot: KpiSqlSlot, columns: readonly string[]): SlotColumns {
  const at = (name: string): number => {
    const index = columns.indexOf(name);
    if (index === -1) throw new CivicGridError('ADAPTER_FAILURE', `computeKpisInDatabase: the statement returned no column ${name}`);
    return index;
  };
  return { records: at(slot.records), value: slot.value === null ? -1 : at(slot.value), parts: (slot.parts ?? []).map(at), firsts: (slot.firsts ?? []).map(at) };
}

const HIERARCHY_INDEXES = new WeakMap<Hierarchy, NodeIndex>();

/** The hierarchy flattened to indices, once per hierarchy (a Hierarchy never changes: add returns a new one). */
function hierarchyIndex(hierarchy: Hierarchy): NodeIndex {
  let index = HIERARCHY_INDEXES.get(hierarchy);
  if (index === undefined) HIERARCHY_INDEXES.set(hierarchy, (index = indexHierarchy(hierarchy)));
  return index;
}

const HIERARCHY_FIGURES = new WeakMap<Hierarchy, { registry: KpiEntityRegistry; key: string; states: MeasureState[][] }>();

/**
 * Figures of hierarchy nodes come from the hierarchy itself, as in
 * computeKpis: only those definitions are tallied here, per period, in the
 * order their measures take among all measures. The last answer per
 * hierarchy is kept: a dashboard asking again with the same definitions and
 * periods does not walk a million nodes again.
 */
function hierarchyFigures(hierarchy: Hierarchy, definitions: readonly KpiDefinition[], registry: KpiEntityRegistry, timeZone: string, nodes: NodeIndex, periods: readonly KpiPeriod[]): MeasureState[][] {
  const own = definitions.filter((definition) => definition.entity === HIERARCHY_NODE_KIND);
  if (own.length === 0) return periods.map(() => []);
  const key = JSON.stringify([own, timeZone, periods.map((resolved) => [resolved.start.getTime(), resolved.end.getTime()])]);
  const kept = HIERARCHY_FIGURES.get(hierarchy);
  if (kept?.registry === registry && kept.key === key) return kept.states;
  const compiled = compileKpis(own, registry, timeZone);
  const states = new KpiTally(compiled, nodes, periods).finish().map((evaluation) => compiled.measures.map((measure) => evaluation.measureState(measure.index)));
  HIERARCHY_FIGURES.set(hierarchy, { registry, key, states });
  return states;
}

/** An exact sum as the statements write it: PostgreSQL's numeric text ("-12.50") or SQLite's civic_grid_exact_sum ("-1250e-2"). */
function decimalOfSum(text: string): { units: bigint; scale: number } {
  const match = /^(-?\d+)(?:\.(\d+))?(?:e-(\d+))?$/.exec(text);
  if (match === null) throw new CivicGridError('ADAPTER_FAILURE', `computeKpisInDatabase: ${JSON.stringify(text)} is not an exact sum`);
  const [, whole, fraction = '', exponent = '0'] = match as unknown as [string, string, string | undefined, string | undefined];
  return { units: BigInt(whole + fraction), scale: fraction.length + Number(exponent) };
}

/** The state of a measure no row brought a figure: every node at zero, shared by all such measures. */
function emptyStates(size: number): (aggregate: KpiSqlSlot['aggregate']) => MeasureState {
  let zeros: Float64Array | undefined;
  return (aggregate) => {
    zeros ??= new Float64Array(size);
    return { records: zeros, amount: zeros, sums: aggregate === 'sum' ? { valueAt: () => 0 } : null, quantiles: () => null };
  };
}

/** One measure's figures for one period, per node, as the rows give them: rolled up already, or per record scope and added up here. */
class SlotTally {
  private readonly records: Float64Array;
  private readonly amount: Float64Array;
  private readonly sums: ExactSums | null;
  /** Median and p90 per node (duration only; NaN where none): two arrays, not an entry per node, so the heap holds the same whatever the records. */
  private readonly medians: Float64Array | null;
  private readonly p90s: Float64Array | null;
  /** Fed by addOwn: the figures are each node's own until state() adds them up. */
  private ownOnly = false;

  constructor(
    private readonly aggregate: KpiSqlSlot['aggregate'],
    size: number,
    private readonly measure: CompiledMeasure,
  ) {
    this.records = new Float64Array(size);
    this.amount = aggregate === 'count' || aggregate === 'sum' ? this.records : new Float64Array(size);
    this.sums = aggregate === 'sum' ? new ExactSums(size) : null;
    this.medians = aggregate === 'duration' ? new Float64Array(size).fill(Number.NaN) : null;
    this.p90s = aggregate === 'duration' ? new Float64Array(size).fill(Number.NaN) : null;
  }

  /** A record scope's figures (counts; `value`: an exact sum, or null), added to its node; state() adds them up the tree, once. */
  addOwn(records: number, value: unknown, node: number): void {
    this.ownOnly = true;
    this.records[node] = (this.records[node] as number) + records;
    if (this.sums !== null && value !== null && value !== undefined) this.sums.add(node, this.sums.unitsOfDecimal(decimalOfSum(String(value))));
  }

  /**
   * A record scope's distinct count figures: its matching records, added to
   * its node as addOwn adds them, and its first occurrences by depth
   * (columns `firsts` of `row`, see KpiSqlSlot.firsts), each added to the
   * nodes deeper than its depth: a node at depth d (the root's is 1) gets
   * those of depths below d.
   */
  addUpFirsts(records: number, row: readonly unknown[], firsts: readonly number[], node: number, nodes: NodeIndex): void {
    this.addOwn(records, null, node);
    const firstsAt = (shared: number): number => Number(row[firsts[shared] as number] ?? 0);
    let depth = 0;
    for (let at = node; at >= 0; at = nodes.parent[at] as number) depth++;
    let below = 0;
    for (let shared = 0; shared < depth; shared++) below += firstsAt(shared);
    for (let at = node; at >= 0; at = nodes.parent[at] as number) {
      this.amount[at] = (this.amount[at] as number) + below;
      depth--;
      below -= firstsAt(depth);
    }
  }

  /** A node's figures, rolled up already: its records, its value (or null) and, for a group, its parts (columns of `row`). */
  read(records: number, value: unknown, row: readonly unknown[], parts: readonly number[], node: number): void {
    // One row per group: the node's figures add up over its rows.
    if (this.measure.group !== null) return readGroupRow(parts.map((column) => row[column]), node, this.measure.group, this.records, this.amount);
    this.records[node] = records;
    if (value === null || value === undefined) return;
    switch (this.aggregate) {
      case 'distinct':
        this.amount[node] = Number(value);
        break;
      case 'duration': {
        const pair = (typeof value === 'string' && value.startsWith('{') ? value.slice(1, -1).split(',') : typeof value === 'string' ? JSON.parse(value) : value) as unknown[];
        (this.medians as Float64Array)[node] = Number(pair[0]);
        (this.p90s as Float64Array)[node] = Number(pair[1]);
        break;
      }
      default:
        break;
    }
  }

  state(nodes: NodeIndex): MeasureState {
    const { records, amount, sums, medians, p90s } = this;
    if (this.ownOnly) {
      // Each node's own figures, added to its parent's: children come after parents.
      this.ownOnly = false;
      for (let node = records.length - 1; node > 0; node--) {
        const up = nodes.parent[node] as number;
        if (up < 0) continue;
        records[up] = (records[up] as number) + (records[node] as number);
        sums?.add(up, sums.unitsAt(node));
      }
    }
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
      sums,
      quantiles: (node) => {
        const median = medians?.[node] ?? Number.NaN;
        return Number.isNaN(median) ? null : [median, (p90s as Float64Array)[node] as number];
      },
    };
  }
}

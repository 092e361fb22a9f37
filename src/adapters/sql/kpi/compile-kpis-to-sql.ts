import { CivicGridError, type Issue } from '../../../errors/civic-grid-error.js';
import type { KpiCondition, KpiDefinition, KpiFilter } from '../../../model/kpi-definition.js';
import { LEVELS } from '../../../model/level.js';
import { validateKpiDefinitions } from '../../../rules/kpi/definitions.js';
import { HIERARCHY_NODE_KIND, type KpiEntityRegistry, type KpiFieldInfo } from '../../../rules/kpi/entity-registry.js';
import { isKpiPack, type KpiPack } from '../../../rules/kpi/pack.js';
import { scopeRange } from '../../scope.js';
import { compileGroupCountStatement } from './group-count-sql.js';
import { type ContributionColumn, type FieldReader, firstsColumns, type KpiAggregateColumn, type KpiSqlFlavour, kpiSqlFlavour, projectedColumns, type RollUpParts, type TimeColumn } from './kpi-sql-flavour.js';

/** The SQL dialect to compile KPIs for. */
export type KpiSqlDialect = 'postgres' | 'sqlite';

/** What a run binds: the city, its time zone, and the periods (UTC bounds resolved in Node). */
export interface KpiSqlBindings {
  rootScope: readonly string[];
  timeZone: string;
  periods: readonly { start: Date; end: Date }[];
}

/** The aggregate kinds that can be compiled to SQL. */
export type KpiSqlAggregate = 'count' | 'sum' | 'distinct' | 'coverage' | 'duration' | 'groupCount';

/** The columns holding one measure's figures for one period. */
export interface KpiSqlSlot {
  /** The measure's index, numbered as the JS engine numbers them (a ratio has two). */
  measure: number;
  period: number;
  aggregate: KpiSqlAggregate;
  /** Matching records in the subtree. */
  records: string;
  /** sum: the exact sum as decimal text; duration: [median, p90] in ms. */
  value: string | null;
  /**
   * distinct only: one column per depth k (0 to the deepest level − 1), the
   * scope's matching records that share only their first k scope segments with
   * the record before them of the same key (in scope order): each is the first
   * of its key in the subtrees deeper than k, so a node's distinct count is
   * the sum, over the record scopes in its subtree, of the columns k below its depth.
   */
  firsts?: readonly string[];
  /** groupCount only (one row per group per node, `records` forming the group): its measure's parts (see group-count-sql.ts). */
  parts?: readonly string[];
  /** True: the rows hold the figures of the records at exactly their scope (a record's own), to be added up the hierarchy; false: of the node's whole subtree. */
  perRecordScope: boolean;
}

/**
 * One statement per entity kind. Each row is named by a stored scope path
 * (`scope_key`, as the adapters encode it) and holds, NULL elsewhere, either
 * the per-record-scope slots' figures of the records at that scope, or the
 * other slots' figures of the records in that node's subtree.
 */
export interface KpiSqlStatement {
  kind: string;
  sql: string;
  slots: readonly KpiSqlSlot[];
  /** The bound values, in placeholder order (SQLite: @p1, @p2...). */
  params(bindings: KpiSqlBindings): unknown[];
  /** The same statement in two steps, for a table that keeps each record's columns (computeKpisInDatabase's `incremental`). */
  projection: KpiSqlProjection;
}

/**
 * A statement split at its per-record columns: `select` reads each record's
 * id, scope, instants and contributions (none depends on the periods), and
 * `rollUp` turns a table of those rows into the statement's rows. The same
 * `select` text with the same params yields the same rows, so the pair
 * names a table's contents.
 */
export interface KpiSqlProjection {
  /** The columns after id and scope, in `select`'s order, with the SQL type to store each as ('' on SQLite). */
  columns: readonly { name: string; type: string }[];
  /** SELECT id, scope and `columns` of the kind's records; given `onlyIds` (a subquery of ids, no placeholders), of those records only. */
  select(onlyIds?: string): string;
  /** The values `select` binds, in placeholder order. */
  params(bindings: KpiSqlBindings): unknown[];
  /** The statement's rows (those of `sql`), read from `table` holding `select`'s rows. */
  rollUp(table: string): string;
  /** The values `rollUp` binds (the period bounds), in placeholder order. */
  rollUpParams(bindings: KpiSqlBindings): unknown[];
}

/** What one statement is compiled from: its parts and slots, built with `binder` for the records and `periods` for the period bounds. */
export type KpiStatementParts = (flavour: KpiSqlFlavour, binder: KpiSqlBinder, periods: KpiSqlBinder) => { parts: RollUpParts; slots: KpiSqlSlot[] };

/**
 * A statement whole (one set of placeholders) and split for a projection
 * (the period bounds numbered apart, so each step binds only its own): the
 * parts are built once for each.
 */
export function kpiStatement(kind: string, dialect: KpiSqlDialect, schema: string, build: KpiStatementParts): KpiSqlStatement {
  const binder = new KpiSqlBinder(dialect);
  const flavour = kpiSqlFlavour(dialect, binder, schema);
  const { parts, slots } = build(flavour, binder, binder);
  const split = { binder: new KpiSqlBinder(dialect), periods: new KpiSqlBinder(dialect) };
  const splitFlavour = kpiSqlFlavour(dialect, split.binder, schema);
  const projected = build(splitFlavour, split.binder, split.periods).parts;
  // Rendered now: rendering binds the time zone's placeholder, which params must already hold.
  const selectAll = splitFlavour.perRecord(projected);
  return {
    kind,
    sql: flavour.rollUp(parts),
    slots,
    params: (bindings) => binder.params(bindings),
    projection: {
      columns: projectedColumns(projected).map(({ name, type }) => ({ name, type: splitFlavour.columnType(type) })),
      select: (onlyIds) => (onlyIds === undefined ? selectAll : splitFlavour.perRecord(projected, onlyIds)),
      params: (bindings) => split.binder.params(bindings),
      rollUp: (table) => splitFlavour.rollUp(projected, table),
      rollUpParams: (bindings) => split.periods.params(bindings),
    },
  };
}

/** KPI definitions compiled to SQL: one statement per entity kind, each with its bound parameters. */
export interface CompiledKpiSql {
  dialect: KpiSqlDialect;
  /** The validated definitions, in order. */
  definitions: readonly KpiDefinition[];
  periodCount: number;
  statements: readonly KpiSqlStatement[];
}

/** Options for compiling KPI definitions to SQL. */
export interface CompileKpisToSqlOptions {
  definitions: KpiPack | readonly unknown[];
  registry: KpiEntityRegistry;
  dialect: KpiSqlDialect;
  /** PostgreSQL schema of the tables and functions (default "public"); ignored for SQLite. */
  schema?: string;
  /** Periods computed per run (default 2: the period and the one before). */
  periodCount?: number;
}

/** The deepest scope a roll-up reaches: one segment per level. */
const SEGMENTS = LEVELS.length;

/** One measure as the JS engine's compileKpis numbers it. */
interface MeasureSpec {
  index: number;
  definition: KpiDefinition;
  aggregate: KpiSqlAggregate;
  filters: readonly KpiFilter[];
  /** The field summed or counted distinct. */
  field?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Compiles KPI definitions to SQL that computes every figure at every node
 * of the hierarchy inside the database: one statement per entity kind, one
 * pass over its records, rolled up level by level on the stored scope paths
 * (PostgreSQL: GROUP BY ROLLUP over the path segments; SQLite: one GROUP BY
 * per level). Every value (filter values, field names, bounds, the zone) is
 * a bound parameter. Figures of `hierarchyNode` are not compiled: they come
 * from the hierarchy itself, as in computeKpis.
 */
export function compileKpisToSql(options: CompileKpisToSqlOptions): CompiledKpiSql {
  const { registry, dialect, periodCount = 2 } = options;
  const schema = options.schema ?? 'public';
  if (!IDENTIFIER.test(schema)) throw CivicGridError.validation('compileKpisToSql', [{ path: ['schema'], message: `"${schema}" is not a plain SQL identifier` }]);
  if (!Number.isInteger(periodCount) || periodCount < 1) throw CivicGridError.validation('compileKpisToSql', [{ path: ['periodCount'], message: 'periodCount is an integer ≥ 1' }]);
  const definitions = validateKpiDefinitions(isKpiPack(options.definitions) ? options.definitions.definitions : options.definitions, registry);
  assertExpressible(definitions, dialect);
  let measures = measureSpecs(definitions);
  const grouped = measures.filter((measure) => measure.aggregate === 'groupCount' && measure.definition.entity !== HIERARCHY_NODE_KIND);
  measures = measures.filter((measure) => measure.aggregate !== 'groupCount');
  const kinds = [...new Set(measures.map((measure) => measure.definition.entity))].filter((kind) => kind !== HIERARCHY_NODE_KIND);
  const statements = kinds.map((kind) =>
    compileKind(
      kind,
      measures.filter((measure) => measure.definition.entity === kind),
      registry,
      dialect,
      schema,
      periodCount,
    ),
  );
  for (const { index, definition } of grouped) statements.push(compileGroupCountStatement(index, definition as Extract<KpiDefinition, { kind: 'groupCount' }>, registry, dialect, schema, periodCount));
  return { dialect, definitions, periodCount, statements };
}

/** The measures in compileKpis's order: one per KPI, a ratio's numerator then its denominator. */
function measureSpecs(definitions: readonly KpiDefinition[]): MeasureSpec[] {
  const specs: MeasureSpec[] = [];
  const add = (definition: KpiDefinition, aggregate: KpiSqlAggregate, own: KpiFilter | undefined, field?: string): void => {
    const filters = [definition.filter, own].filter((filter): filter is KpiFilter => filter !== undefined);
    specs.push({ index: specs.length, definition, aggregate, filters, ...(field === undefined ? {} : { field }) });
  };
  for (const definition of definitions) {
    switch (definition.kind) {
      case 'count':
      case 'coverage':
      case 'duration':
        add(definition, definition.kind, undefined);
        break;
      case 'sum':
      case 'distinct':
        add(definition, definition.kind, undefined, definition.field);
        break;
      case 'ratio':
        for (const measure of [definition.numerator, definition.denominator]) add(definition, measure.kind, measure.filter, measure.kind === 'count' ? undefined : measure.field);
        break;
      case 'groupCount':
        add(definition, 'groupCount', undefined);
        break;
    }
  }
  return specs;
}

/**
 * Strings order by UTF-16 code unit in JS and by code point in both
 * databases; the two agree against a bound below U+D800 only, so a string
 * bound with a character from U+D800 up is refused rather than answered differently.
 */
function assertExpressible(definitions: readonly KpiDefinition[], dialect: KpiSqlDialect): void {
  const issues: Issue[] = [];
  const check = (index: number, path: readonly (string | number)[], filter: KpiFilter | undefined, id: string): void => {
    for (const [field, condition] of Object.entries(filter ?? {})) {
      for (const operator of ['gt', 'gte', 'lt', 'lte'] as const) {
        const bound = condition[operator];
        if (typeof bound === 'string' && [...bound].some((character) => (character.codePointAt(0) as number) >= 0xd800)) {
          issues.push({
            path: [index, ...path, field, operator],
            message: `KPI "${id}" cannot be computed in ${dialect}: the string bound ${JSON.stringify(bound)} has characters from U+D800 up, which ${dialect} orders by code point and JS by UTF-16 unit`,
          });
        }
      }
    }
  };
  for (const [index, definition] of definitions.entries()) {
    check(index, ['filter'], definition.filter, definition.id);
    if (definition.kind === 'ratio') {
      check(index, ['numerator', 'filter'], definition.numerator.filter, definition.id);
      check(index, ['denominator', 'filter'], definition.denominator.filter, definition.id);
    }
    if (definition.kind === 'groupCount') {
      const { measure } = definition;
      if (measure.kind !== 'ratio') check(index, ['measure', 'filter'], measure.filter, definition.id);
      else for (const part of ['numerator', 'denominator'] as const) check(index, ['measure', part, 'filter'], measure[part].filter, definition.id);
    }
  }
  if (issues.length > 0) throw CivicGridError.validation('KPI definitions', issues);
}

/** Numbered placeholders; a value bound twice (a field name, a period bound) gets one placeholder. */
export class KpiSqlBinder {
  private readonly values: ((bindings: KpiSqlBindings) => unknown)[] = [];
  private readonly named = new Map<string, string>();
  constructor(private readonly dialect: KpiSqlDialect) {}

  /** A value known now (a filter value, a field name). */
  constant(value: unknown): string {
    return this.once(`c:${typeof value}:${JSON.stringify(value)}`, () => value);
  }

  /** A value known at run time, under a name that says which. */
  runtime(name: string, value: (bindings: KpiSqlBindings) => unknown): string {
    return this.once(`r:${name}`, value);
  }

  params(bindings: KpiSqlBindings): unknown[] {
    return this.values.map((value) => value(bindings));
  }

  private once(key: string, value: (bindings: KpiSqlBindings) => unknown): string {
    let placeholder = this.named.get(key);
    if (placeholder === undefined) {
      this.values.push(value);
      placeholder = this.dialect === 'postgres' ? `$${this.values.length}` : `@p${this.values.length}`;
      this.named.set(key, placeholder);
    }
    return placeholder;
  }
}

function compileKind(kind: string, measures: readonly MeasureSpec[], registry: KpiEntityRegistry, dialect: KpiSqlDialect, schema: string, periodCount: number): KpiSqlStatement {
  return kpiStatement(kind, dialect, schema, (flavour, binder, periodBinder) => {
    const info = (field: string): KpiFieldInfo => registry.field(kind, field) ?? { type: 'unknown' };
    const columns: ContributionColumn[] = [];
    // Each date field is read once per record, into its own column, before the contributions that use it.
    const times = new Map<string, TimeColumn>();
    const timeOf = (field: string): string => {
      let column = times.get(field);
      if (column === undefined) {
        column = { name: `t${times.size}`, field: flavour.field(field) };
        times.set(field, column);
      }
      return column.name;
    };
    const aggregates: KpiAggregateColumn[] = [];
    const slots: KpiSqlSlot[] = [];
    for (const measure of measures) {
      const { definition } = measure;
      const matches = measure.filters.flatMap((filter) => Object.entries(filter).map(([field, condition]) => conditionSql(flavour, flavour.field(field), condition, info(field), definition.id)));
      const when = matches.length === 0 ? 'TRUE' : matches.join(' AND ');
      const contribution = `c${measure.index}`;
      const time = definition.dateField === undefined ? null : timeOf(definition.dateField);
      switch (measure.aggregate) {
        case 'count':
        case 'coverage':
          columns.push({ name: contribution, expression: `CASE WHEN ${when} THEN 1 END`, type: 'flag' });
          break;
        case 'sum':
          columns.push({ name: contribution, expression: `CASE WHEN ${when} THEN ${flavour.amount(flavour.field(measure.field as string))} END`, type: 'amount' });
          break;
        case 'distinct':
          columns.push({ name: contribution, expression: `CASE WHEN ${when} THEN ${flavour.key(flavour.field(measure.field as string))} END`, type: 'key' });
          break;
        case 'duration': {
          const { from, to } = definition as Extract<KpiDefinition, { kind: 'duration' }>;
          columns.push({ name: contribution, expression: `CASE WHEN ${when} THEN (${timeOf(to)} - ${timeOf(from)}) END`, type: 'milliseconds' });
          break;
        }
      }
      for (let period = 0; period < periodCount; period++) {
        const inPeriod = time === null ? null : periodCondition(time, period, periodBinder);
        const records = `r${measure.index}_${period}`;
        // A duration counts only when it is not negative (JS: to − from ≥ 0).
        const counted = measure.aggregate === 'duration' ? `CASE WHEN ${contribution} >= 0 THEN ${contribution} END` : contribution;
        // Counts, sums and distinct counts' first occurrences add up the hierarchy: they come per record scope, and Node adds them up.
        const perRecordScope = measure.aggregate !== 'duration';
        aggregates.push({ name: records, aggregate: 'count', contribution: counted, when: inPeriod, perRecordScope });
        let value: string | null = null;
        let firsts: string[] | undefined;
        if (measure.aggregate === 'sum' || measure.aggregate === 'duration') {
          value = `v${measure.index}_${period}`;
          aggregates.push({ name: value, aggregate: measure.aggregate, contribution: counted, when: inPeriod, perRecordScope });
        }
        if (measure.aggregate === 'distinct') {
          const name = `v${measure.index}_${period}`;
          aggregates.push({ name, aggregate: 'firsts', contribution: counted, when: inPeriod, perRecordScope });
          firsts = firstsColumns(name, SEGMENTS);
        }
        slots.push({ measure: measure.index, period, aggregate: measure.aggregate, records, value, ...(firsts === undefined ? {} : { firsts }), perRecordScope });
      }
    }
    const where = `kind = ${binder.constant(kind)} AND ${scopeWithinRoot(binder)}`;
    return { parts: { times: [...times.values()], columns, aggregates, where, segments: SEGMENTS }, slots };
  });
}

/** The records under the city's root scope (bound at run time). */
export function scopeWithinRoot(binder: KpiSqlBinder): string {
  const low = binder.runtime('scopeLow', (bindings) => scopeRange(bindings.rootScope).low);
  const high = binder.runtime('scopeHigh', (bindings) => scopeRange(bindings.rootScope).high);
  return `scope >= ${low} AND scope < ${high}`;
}

/** The condition keeping the records whose instant column `time` lies in period `period` (bounds bound at run time by `binder`). */
export function periodCondition(time: string, period: number, binder: KpiSqlBinder): string {
  const start = binder.runtime(`start${period}`, (bindings) => periodBound(bindings, period, 'start'));
  const end = binder.runtime(`end${period}`, (bindings) => periodBound(bindings, period, 'end'));
  return `${time} >= ${start} AND ${time} < ${end}`;
}

export function periodBound(bindings: KpiSqlBindings, period: number, side: 'start' | 'end'): number {
  const bound = bindings.periods[period];
  if (bound === undefined) throw CivicGridError.validation('KPI SQL bindings', [{ path: ['periods', period], message: `the statement needs ${period + 1} periods` }]);
  return bound[side].getTime();
}

/**
 * One condition as SQL, with the JS engine's semantics (compile.ts): a
 * missing field reads as null, values compare with their JSON type, date
 * fields compare as instants, array fields test membership.
 */
export function conditionSql(flavour: ReturnType<typeof kpiSqlFlavour>, field: FieldReader, condition: KpiCondition, info: KpiFieldInfo, id: string): string {
  const { eq, ne, in: among, notIn, gt, gte, lt, lte, exists } = condition;
  const tests: string[] = [];
  if (info.type === 'array') {
    const holdsAny = (values: readonly (string | number | boolean | null)[]): string => {
      const scalars = values.filter((value): value is string | number | boolean => value !== null);
      const holds = scalars.length === 0 ? 'FALSE' : flavour.holdsAny(field, scalars);
      return values.includes(null) ? `(NOT ${flavour.isArray(field)} OR ${holds} OR ${flavour.holdsNull(field)})` : `(${flavour.isArray(field)} AND ${holds})`;
    };
    if (eq !== undefined) tests.push(holdsAny([eq]));
    if (among !== undefined) tests.push(holdsAny(among));
    if (ne !== undefined) tests.push(`NOT ${holdsAny([ne])}`);
    if (notIn !== undefined) tests.push(`NOT ${holdsAny(notIn)}`);
    if (exists !== undefined) tests.push(exists ? flavour.isArray(field) : `NOT ${flavour.isArray(field)}`);
    return `(${tests.join(' AND ')})`;
  }
  const isDate = info.type === 'date';
  // Built only where used: an unused time-zone placeholder leaves PostgreSQL unable to type it.
  const instant = (): string => flavour.instant(field);
  const equals = (value: string | number | boolean | null): string => {
    if (value === null) return flavour.isNullish(field);
    if (!isDate) return flavour.equals(field, value);
    return `coalesce(${instant()} = ${flavour.instantParam(value, id)}, FALSE)`;
  };
  const anyOf = (values: readonly (string | number | boolean | null)[]): string => `(${values.map(equals).join(' OR ')})`;
  if (eq !== undefined) tests.push(equals(eq));
  if (ne !== undefined) tests.push(`NOT ${equals(ne)}`);
  if (among !== undefined) tests.push(anyOf(among));
  if (notIn !== undefined) tests.push(`NOT ${anyOf(notIn)}`);
  for (const [operator, bound] of [
    ['>', gt],
    ['>=', gte],
    ['<', lt],
    ['<=', lte],
  ] as const) {
    if (bound === undefined) continue;
    tests.push(isDate ? `coalesce(${instant()} ${operator} ${flavour.instantParam(bound, id)}, FALSE)` : flavour.ordered(field, operator, bound));
  }
  if (exists !== undefined) tests.push(exists ? `NOT ${flavour.isNullish(field)}` : flavour.isNullish(field));
  return `(${tests.join(' AND ')})`;
}

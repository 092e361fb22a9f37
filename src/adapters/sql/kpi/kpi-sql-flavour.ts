import { CivicGridError } from '../../../errors/civic-grid-error.js';
import { instantReader } from '../../../rules/kpi/instant.js';
import type { KpiSqlBinder, KpiSqlDialect } from './compile-kpis-to-sql.js';

type Scalar = string | number | boolean;

/** A record field as each dialect reads it: PostgreSQL a jsonb expression, SQLite a JSON path placeholder. */
export interface FieldReader {
  readonly path: string;
}

/** A date field read once per record, as epoch ms, into its own column. */
export interface TimeColumn {
  name: string;
  field: FieldReader;
}

/** One aggregate column of a statement: `aggregate` over the `contribution` column, for the rows `when` keeps (a condition; null: all). */
export interface KpiAggregateColumn {
  name: string;
  /**
   * count: non-null contributions; sum: exact, as decimal text; distinct:
   * distinct count; duration: [median, p90] by nearest rank; firsts (per
   * record scope only): one column per depth, `name`_k, counting the records
   * whose key the record before them in scope order (of the same key) shares
   * only k scope segments with (see KpiSqlSlot.firsts).
   */
  aggregate: 'count' | 'sum' | 'distinct' | 'duration' | 'firsts';
  contribution: string;
  when: string | null;
  /**
   * True: one row per record scope (GROUP BY scope), for the caller to add up
   * the hierarchy (counts, sums and first occurrences add: a node's figure is
   * its records' plus its children's). False: one row per node, rolled up here
   * (nearest ranks do not add; nor do a groupCount's groups).
   */
  perRecordScope: boolean;
}

/** The columns a firsts aggregate named `name` writes: one per depth below `segments`. */
export function firstsColumns(name: string, segments: number): string[] {
  return Array.from({ length: segments }, (_, depth) => `${name}_${depth}`);
}

/** The output columns of one aggregate column. */
const outputsOf = (column: KpiAggregateColumn, segments: number): string[] => (column.aggregate === 'firsts' ? firstsColumns(column.name, segments) : [column.name]);

const filterClause = (when: string | null): string => (when === null ? '' : ` FILTER (WHERE ${when})`);

/** What a contribution column holds: it fixes the column's type where a projection stores it. */
export type KpiColumnType = 'flag' | 'amount' | 'key' | 'milliseconds';

/** One per-record contribution column: `expression AS name`; the expression may use the instant columns. */
export interface ContributionColumn {
  name: string;
  expression: string;
  type: KpiColumnType;
}

export interface RollUpParts {
  times: readonly TimeColumn[];
  columns: readonly ContributionColumn[];
  aggregates: readonly KpiAggregateColumn[];
  where: string;
  segments: number;
  /** A column among `columns` to group by as well, within every node (groupCount: one row per group per node, none per record scope); rows where it is NULL are left out. */
  groupKey?: string;
}

/**
 * The SQL each dialect writes for one concept of the JS engine's semantics.
 * Every predicate is a proper boolean (never NULL), so NOT and AND compose as in JS.
 */
export interface KpiSqlFlavour {
  field(path: string): FieldReader;
  /** Missing, or JSON null. */
  isNullish(field: FieldReader): string;
  /** The same JSON type and value (numbers by value: 1 equals 1.0). */
  equals(field: FieldReader, value: Scalar): string;
  ordered(field: FieldReader, operator: '>' | '>=' | '<' | '<=', bound: string | number): string;
  isArray(field: FieldReader): string;
  /** An array holding one of the values (strictly typed). */
  holdsAny(field: FieldReader, values: readonly Scalar[]): string;
  holdsNull(field: FieldReader): string;
  /** The value as epoch ms (as instantReader reads it), NULL when missing or unreadable. */
  instant(field: FieldReader): string;
  /** A date filter value, converted in Node in the city's zone. */
  instantParam(value: Scalar, id: string): string;
  /** A number to sum, exact (PostgreSQL numeric; SQLite its JSON text), NULL otherwise. */
  amount(field: FieldReader): string;
  /** A string, number or boolean as a distinct key keeping its JSON type, NULL otherwise. */
  key(field: FieldReader): string;
  /** The statement's rows; `from`: a table holding perRecord's rows, read instead of the records. */
  rollUp(parts: RollUpParts, from?: string): string;
  /** id, scope, the instants and the contributions of each record `parts.where` keeps (and, given `onlyIds`, whose id that subquery yields). */
  perRecord(parts: RollUpParts, onlyIds?: string): string;
  /** The SQL type a projection stores a column of this type as ('' where the dialect needs none). */
  columnType(type: KpiColumnType): string;
}

/** The per-record columns a projection table holds after id and scope, in perRecord's order. */
export function projectedColumns({ times, columns }: RollUpParts): { name: string; type: KpiColumnType }[] {
  return [...times.map(({ name }) => ({ name, type: 'milliseconds' as const })), ...columns.map(({ name, type }) => ({ name, type }))];
}

const columnList = (parts: RollUpParts): string =>
  projectedColumns(parts)
    .map(({ name }) => `, ${name}`)
    .join('');

const withOnly = (where: string, onlyIds: string | undefined): string => (onlyIds === undefined ? where : `${where} AND id IN (${onlyIds})`);

export function kpiSqlFlavour(dialect: KpiSqlDialect, binder: KpiSqlBinder, schema: string): KpiSqlFlavour {
  return dialect === 'postgres' ? postgresFlavour(binder, schema) : sqliteFlavour(binder);
}

const ORDERED_TYPE = { number: 'number', string: 'string' } as const;

function postgresFlavour(binder: KpiSqlBinder, schema: string): KpiSqlFlavour {
  const zone = (): string => binder.runtime('timeZone', (bindings) => bindings.timeZone);
  const json = (value: unknown): string => `${binder.constant(JSON.stringify(value))}::jsonb`;
  const type = (field: FieldReader): string => `jsonb_typeof(${field.path})`;
  // Each field is read from the record once, into its own column (fN) that every test and figure uses.
  const fields = new Map<string, { name: string; read: string }>();
  // `carried`: columns kept beside scope through every layer ('id, ' for a projection).
  const layersOf = ({ times, columns, where }: RollUpParts, carried: string): string => {
    const read = [...fields.values()].map(({ name }) => `, ${name}`).join('');
    const expressionOf = (field: FieldReader): string => [...fields.values()].find(({ name }) => name === field.path)?.read ?? field.path;
    // OFFSET 0 keeps each layer computed once per record, not once per use: the fields, the digits
    // of their dates, the instants.
    return `WITH fields AS (SELECT ${carried}scope${[...fields.values()].map(({ name, read: expression }) => `, ${expression} AS ${name}`).join('')}${times.map(({ name, field }) => `, (${expressionOf(field)} #>> '{}') AS ${name}_text`).join('')} FROM "${schema}".civic_grid_records WHERE ${where} OFFSET 0),
digits AS (SELECT ${carried}scope${read}${times.map(({ name, field }) => `, ${isoDigits(field.path, `${name}_text`)} AS ${name}_digits`).join('')} FROM fields OFFSET 0),
timed AS (SELECT ${carried}scope${read}${times.map(({ name, field }) => `, ${utcInstant(`${name}_digits`, field.path, `"${schema}".civic_grid_instant(${field.path}, ${zone()}::text)`)} AS ${name}`).join('')} FROM digits OFFSET 0),
base AS (SELECT ${carried}scope${times.map(({ name }) => `, ${name}`).join('')}${columns.map(({ name, expression }) => `, ${expression} AS ${name}`).join('')} FROM timed)`;
  };
  return {
    // Each key is a bound text value: data -> $1 -> $2.
    field: (path) => {
      let column = fields.get(path);
      if (column === undefined) {
        const read = `(data${path
          .split('.')
          .map((key) => ` -> ${binder.constant(key)}::text`)
          .join('')})`;
        fields.set(path, (column = { name: `f${fields.size}`, read }));
      }
      return { path: column.name };
    },
    isNullish: (field) => `coalesce(${type(field)} = 'null', TRUE)`,
    equals: (field, value) => `coalesce(${field.path} = ${json(value)}, FALSE)`,
    ordered: (field, operator, bound) =>
      typeof bound === 'number'
        ? `coalesce(${type(field)} = '${ORDERED_TYPE.number}' AND ${field.path} ${operator} ${json(bound)}, FALSE)`
        : `coalesce(${type(field)} = '${ORDERED_TYPE.string}' AND (${field.path} #>> '{}') COLLATE "C" ${operator} ${binder.constant(bound)}::text, FALSE)`,
    isArray: (field) => `coalesce(${type(field)} = 'array', FALSE)`,
    // Containment of [x] holds when x is a top-level element, compared as jsonb (typed; 1 = 1.0).
    holdsAny: (field, values) => `coalesce(${values.map((value) => `${field.path} @> ${json([value])}`).join(' OR ')}, FALSE)`,
    holdsNull: (field) => `coalesce(${field.path} @> ${json([null])}, FALSE)`,
    instant: (field) => `"${schema}".civic_grid_instant(${field.path}, ${zone()}::text)`,
    instantParam: (value, id) => `${binder.runtime(`instant:${typeof value}:${JSON.stringify(value)}`, (bindings) => filterInstant(value, bindings.timeZone, id))}::float8`,
    amount: (field) => `CASE WHEN ${type(field)} = 'number' THEN (${field.path})::numeric END`,
    // Text tagged with the JSON type, numbers without trailing zeros (1.0 is 1, as in JS), in the C collation:
    // sorting them for count(DISTINCT) at every level costs a fraction of sorting jsonb.
    key: (field) =>
      `(CASE ${type(field)} WHEN 'string' THEN 's' || (${field.path} #>> '{}') WHEN 'number' THEN 'n' || trim_scale((${field.path})::numeric)::text WHEN 'boolean' THEN 'b' || (${field.path} #>> '{}') END) COLLATE "C"`,
    columnType: (type) => POSTGRES_COLUMN_TYPES[type],
    perRecord: (parts, onlyIds) => `${layersOf({ ...parts, where: withOnly(parts.where, onlyIds) }, 'id, ')}\nSELECT id, scope${columnList(parts)} FROM base`,
    rollUp: (parts, from) => {
      const { aggregates, segments, groupKey } = parts;
      const names = Array.from({ length: segments }, (_, index) => `s${index + 1}`);
      // A projection is read in scope order (its scope index): each record scope's rows then group as they come, and
      // the nodes' groups sort in next to no time. The records are not: they group by hash, and the rows are sorted last.
      const layers = from === undefined ? layersOf(parts, '') : `WITH base AS NOT MATERIALIZED (SELECT scope${columnList(parts)} FROM ${from}),\nin_order AS NOT MATERIALIZED (SELECT * FROM base ORDER BY scope)`;
      const only = groupKey === undefined ? '' : ` AND ${groupKey} IS NOT NULL`;
      const perScope = aggregates.filter((column) => column.perRecordScope);
      const perNode = aggregates.filter((column) => !column.perRecordScope);
      // Each part's rows leave the other part's columns NULL.
      const select = (scope: boolean): string =>
        aggregates
          .flatMap((column) => (column.perRecordScope === scope ? postgresAggregates(column, segments) : outputsOf(column, segments).map((name) => `NULL AS ${name}`)))
          .map((item) => `, ${item}`)
          .join('');
      // From the records with both parts, they are read once (MATERIALIZED) and each part groups only those that bring it a
      // figure; from a projection, each part scans the table for its rows (a copy would cost more than a second scan).
      const copied = from === undefined && perScope.length > 0 && perNode.length > 0;
      const source = copied ? 'kept' : 'base';
      const inOrder = from === undefined ? source : 'in_order';
      const byScope = (): string => {
        const where = ` WHERE ${contributing(perScope)}`;
        const records = `${source}${where}`;
        const firsts = withFirsts(records, perScope, segments, POSTGRES_FIRSTS, `scope${columnList(parts)}`);
        // From a projection, grouped in scope order: as read, or (with first occurrences, sorted by key) sorted back.
        const grouped = from === undefined ? firsts : firsts === records ? `${inOrder}${where}` : `(SELECT * FROM ${firsts} ORDER BY scope) AS by_scope`;
        return `SELECT scope AS scope_key${select(true)} FROM ${grouped} GROUP BY scope`;
      };
      // Each node's key is the segments of its path, each with its '/': they sort as the paths do, so rows in scope order come
      // presorted. An empty segment (past a record's depth) stays empty: HAVING drops those groups, which would repeat their parent,
      // and the grand total.
      const byNode = (): string => `SELECT '/' || concat(${names.join(', ')}) AS scope_key${select(false)}
FROM (SELECT ${names.map((name, index) => `CASE WHEN split_part(scope, '/', ${index + 2}) = '' THEN '' ELSE split_part(scope, '/', ${index + 2}) || '/' END AS ${name}`).join(', ')}, * FROM ${inOrder} WHERE ${contributing(perNode)}${only}) AS placed GROUP BY ${groupKey === undefined ? '' : `${groupKey}, `}ROLLUP (${names.join(', ')})
HAVING s1 IS NOT NULL${names.map((name) => ` AND (${name} IS NULL OR ${name} <> '')`).join('')}`;
      const common = copied ? `${layers},\nkept AS MATERIALIZED (SELECT * FROM base WHERE ${contributing(aggregates)})` : layers;
      const rows = perNode.length === 0 ? byScope() : perScope.length === 0 ? byNode() : `${byScope()}\nUNION ALL\n${byNode()}`;
      // Node finds each row's node among the last one's neighbours, in memory it has just read: the records' rows are sorted for it.
      return from === undefined ? `${common}\nSELECT * FROM (${rows}) AS placed_rows ORDER BY scope_key COLLATE "C"` : `${common}\n${rows}`;
    },
  };
}

/** The records that bring a figure to some of `columns`: the others are left out before grouping. */
function contributing(columns: readonly KpiAggregateColumn[]): string {
  return `(${[...new Set(columns.map(({ contribution }) => `${contribution} IS NOT NULL`))].join(' OR ')})`;
}

const POSTGRES_COLUMN_TYPES: Record<KpiColumnType, string> = { flag: 'int4', amount: 'numeric', key: 'text COLLATE "C"', milliseconds: 'float8' };

function postgresAggregates(column: KpiAggregateColumn, segments: number): string[] {
  const { aggregate, contribution, when, name } = column;
  const filter = filterClause(when);
  // Counts as float8 (exact to 2^53): pg hands bigint to Node as a string per value, a million rows a run.
  // NULL for none, as firstsCounts: most rows count nothing in most periods, and a NULL costs Node nothing to read.
  switch (aggregate) {
    case 'count':
      return [`nullif(count(${contribution})${filter}, 0)::float8 AS ${name}`];
    case 'sum':
      return [`CAST(sum(${contribution})${filter} AS text) AS ${name}`];
    case 'distinct':
      return [`count(DISTINCT ${contribution})${filter}::float8 AS ${name}`];
    case 'duration':
      // Nearest rank, as the JS engine: the first value whose cumulative share reaches q.
      return [`percentile_disc(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY ${contribution})${filter} AS ${name}`];
    case 'firsts':
      return firstsCounts(name, segments, '::float8');
  }
}

/** A firsts column's counts per depth (withFirsts' `name`_shared), `cast` to the type Node reads. */
function firstsCounts(name: string, segments: number, cast: string): string[] {
  // NULL for none: most depths of most scopes have none, and a NULL costs Node nothing to read.
  return firstsColumns(name, segments).map((output, depth) => `nullif(count(*) FILTER (WHERE ${name}_shared = ${depth}), 0)${cast} AS ${output}`);
}

/** How a dialect orders scopes by code point and counts the leading segments two scopes share. */
interface FirstsDialect {
  order: string;
  /** Ends a subquery the planner must not fold into the next (PostgreSQL would then count the shared segments once per depth). */
  fence: string;
  shared(scope: string, previous: string, segments: number): string;
}

const POSTGRES_FIRSTS: FirstsDialect = {
  order: 'scope COLLATE "C"',
  fence: ' OFFSET 0',
  shared: (scope, previous, segments) =>
    `CASE WHEN ${previous} IS NULL THEN 0${Array.from({ length: segments }, (_, depth) => ` WHEN split_part(${scope}, '/', ${depth + 2}) <> split_part(${previous}, '/', ${depth + 2}) THEN ${depth}`).join('')} ELSE ${segments} END`,
};

/**
 * `from` (a table and its WHERE), its columns `kept` only, with, for each firsts column among
 * `columns`, `name`_shared: for the rows it counts, how many leading scope
 * segments the row shares with the last row before it (in scope order)
 * that it counts too and of the same key, 0 when none; NULL for the rows it
 * does not count. Scopes sharing a prefix are contiguous in code-point
 * order, so a key's first row in each subtree is the one whose predecessor
 * lies outside it. The rows are sorted once per contribution column (all
 * periods' columns share the window): that predecessor's scope is the
 * greatest scope counted before the row.
 */
function withFirsts(from: string, columns: readonly KpiAggregateColumn[], segments: number, dialect: FirstsDialect, kept: string): string {
  const firsts = columns.filter((column) => column.aggregate === 'firsts');
  if (firsts.length === 0) return from;
  const windows = [...new Set(firsts.map(({ contribution }) => contribution))];
  const windowed = firsts
    .map(({ name, contribution, when }) => {
      const counted = when === null ? `${contribution} IS NOT NULL` : `${contribution} IS NOT NULL AND (${when})`;
      return `, (${counted}) AS ${name}_in, max(CASE WHEN ${counted} THEN ${dialect.order} END) OVER w${windows.indexOf(contribution)} AS ${name}_previous`;
    })
    .join('');
  const definitions = windows.map((contribution, index) => `w${index} AS (PARTITION BY ${contribution} ORDER BY ${dialect.order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)`).join(', ');
  const shared = firsts.map(({ name }) => `, CASE WHEN ${name}_in THEN ${dialect.shared('scope', `${name}_previous`, segments)} END AS ${name}_shared`).join('');
  return `(SELECT ${kept}${shared} FROM (SELECT *${windowed} FROM ${from} WINDOW ${definitions}) AS windowed${dialect.fence}) AS ranked`;
}

function sqliteFlavour(binder: KpiSqlBinder): KpiSqlFlavour {
  const instant = (field: FieldReader): string => `civic_grid_instant(data -> ${field.path}, ${binder.runtime('timeZone', (bindings) => bindings.timeZone)})`;
  const type = (field: FieldReader): string => `json_type(data, ${field.path})`;
  const value = (field: FieldReader): string => `json_extract(data, ${field.path})`;
  const scalarTest = (typeOf: string, valueOf: string, scalar: Scalar): string => {
    if (typeof scalar === 'boolean') return `${typeOf} = ${binder.constant(String(scalar))}`;
    if (typeof scalar === 'number') return `(${typeOf} IN ('integer', 'real') AND ${valueOf} = ${binder.constant(scalar)})`;
    return `(${typeOf} = 'text' AND ${valueOf} = ${binder.constant(scalar)})`;
  };
  // `carried`: columns kept beside scope ('id, ' for a projection).
  const recordsOf = ({ times, columns, where }: RollUpParts, carried: string): string =>
    `SELECT ${carried}scope${times.map(({ name }) => `, ${name}`).join('')}${columns.map(({ name, expression }) => `, ${expression} AS ${name}`).join('')}
  FROM (SELECT ${carried}scope, data${times.map(({ name, field }) => `, ${instant(field)} AS ${name}`).join('')} FROM civic_grid_records WHERE ${where})`;
  return {
    field: (path) => ({ path: binder.constant(`$.${path}`) }),
    isNullish: (field) => `coalesce(${type(field)} = 'null', TRUE)`,
    equals: (field, scalar) => `coalesce(${scalarTest(type(field), value(field), scalar)}, FALSE)`,
    ordered: (field, operator, bound) =>
      `coalesce(${type(field)} ${typeof bound === 'number' ? "IN ('integer', 'real')" : "= 'text'"} AND ${value(field)} ${operator} ${binder.constant(bound)}, FALSE)`,
    isArray: (field) => `coalesce(${type(field)} = 'array', FALSE)`,
    holdsAny: (field, values) =>
      `(${type(field)} = 'array' AND EXISTS (SELECT 1 FROM json_each(data, ${field.path}) AS element WHERE ${values.map((scalar) => scalarTest('element.type', 'element.value', scalar)).join(' OR ')}))`,
    holdsNull: (field) => `(${type(field)} = 'array' AND EXISTS (SELECT 1 FROM json_each(data, ${field.path}) AS element WHERE element.type = 'null'))`,
    instant,
    instantParam: (scalar, id) => binder.runtime(`instant:${typeof scalar}:${JSON.stringify(scalar)}`, (bindings) => filterInstant(scalar, bindings.timeZone, id)),
    amount: (field) => `CASE WHEN ${type(field)} IN ('integer', 'real') THEN data -> ${field.path} END`,
    // Booleans as one-byte blobs: json_extract reads true as 1, which would meet the number 1.
    key: (field) =>
      `CASE ${type(field)} WHEN 'true' THEN x'01' WHEN 'false' THEN x'00' WHEN 'text' THEN ${value(field)} WHEN 'integer' THEN ${value(field)} WHEN 'real' THEN ${value(field)} END`,
    columnType: () => '',
    perRecord: (parts, onlyIds) => `SELECT id, scope${columnList(parts)} FROM (${recordsOf({ ...parts, where: withOnly(parts.where, onlyIds) }, 'id, ')})`,
    rollUp: (parts, from) => {
      const { aggregates, segments, groupKey } = parts;
      const levels = Array.from({ length: segments }, (_, index) => index + 1);
      const grouped = groupKey === undefined ? { where: '', by: '' } : { where: ` AND ${groupKey} IS NOT NULL`, by: `, ${groupKey}` };
      const perScope = aggregates.filter((column) => column.perRecordScope);
      const perNode = aggregates.filter((column) => !column.perRecordScope);
      const select = (part: 'scope' | 'node'): string =>
        aggregates.flatMap((column) => (column.perRecordScope === (part === 'scope') ? sqliteAggregates(column, segments) : outputsOf(column, segments).map((name) => `NULL AS ${name}`))).join(', ');
      const byScope = perScope.length === 0 ? [] : [`SELECT scope AS scope_key, ${select('scope')} FROM ${withFirsts(`base WHERE ${contributing(perScope)}`, perScope, segments, SQLITE_FIRSTS, `scope${columnList(parts)}`)} GROUP BY scope`];
      const byNode =
        perNode.length === 0
          ? []
          : levels.map((level) => `SELECT k${level} AS scope_key, ${select('node')} FROM base WHERE k${level} IS NOT NULL AND ${contributing(perNode)}${grouped.where} GROUP BY k${level}${grouped.by}`);
      const records = from === undefined ? `(${recordsOf(parts, '')})` : `(SELECT scope${columnList(parts)} FROM ${from})`;
      return `WITH base AS MATERIALIZED (SELECT * FROM (SELECT *, ${levels.map((level) => `civic_grid_scope_prefix(scope, ${level}) AS k${level}`).join(', ')} FROM ${records}) WHERE ${contributing(aggregates)})
${[...byScope, ...byNode].join('\nUNION ALL\n')}`;
    },
  };
}

function sqliteAggregates(column: KpiAggregateColumn, segments: number): string[] {
  const { aggregate, contribution, when, name } = column;
  const filter = filterClause(when);
  switch (aggregate) {
    case 'count':
      return [`count(${contribution})${filter} AS ${name}`];
    case 'sum':
      return [`civic_grid_exact_sum(${contribution})${filter} AS ${name}`];
    case 'distinct':
      return [`count(DISTINCT ${contribution})${filter} AS ${name}`];
    case 'duration':
      return [`civic_grid_nearest_ranks(${contribution})${filter} AS ${name}`];
    case 'firsts':
      return firstsCounts(name, segments, '');
  }
}

const SQLITE_FIRSTS: FirstsDialect = {
  order: 'scope COLLATE BINARY',
  fence: '',
  shared: (scope, previous, segments) => `civic_grid_shared_segments(${scope}, ${previous}, ${segments})`,
};

/**
 * A date as toISOString writes it ("2020-05-01T08:30:00.000Z", the common
 * case) as one bigint of its 17 digits (20200501083000000), NULL for any
 * other value. `json` and `text` are columns: the field as jsonb and as text.
 */
export function isoDigits(json: string, text: string): string {
  return `CASE WHEN jsonb_typeof(${json}) = 'string' AND length(${text}) = 24 AND ${text} LIKE '____-__-__T__:__:__.___Z' AND translate(${text}, '0123456789', '') = '--T::.Z' THEN translate(${text}, '-T:.Z', '')::int8 END`;
}

/**
 * The instant of a date whose isoDigits are the column `digits`, in plain
 * SQL arithmetic on that one bigint, with the same range checks and
 * day-count rule (Howard Hinnant's days from civil; a day must exist in
 * its month) as civic_grid_instant; any other string or number (no
 * digits) goes to `general`, anything else is NULL. A PL/pgSQL call with a
 * regular expression costs far more per record than the whole aggregation;
 * so does cutting the text into seven numbers at each use.
 */
export function utcInstant(digits: string, json: string, general: string): string {
  const part = (scale: string, modulo: string | null): string => `(${digits}${scale === '1' ? '' : ` / ${scale}`}${modulo === null ? '' : ` % ${modulo}`})`;
  const [y, mo, d, h, mi, s, ms] = [part('10000000000000', null), part('100000000000', '100'), part('1000000000', '100'), part('10000000', '100'), part('100000', '100'), part('1000', '100'), part('1', '1000')];
  const valid = `${mo} BETWEEN 1 AND 12 AND ${d} BETWEEN 1 AND ${daysInMonth(mo, y)} AND ${h} <= 24 AND ${mi} <= 59 AND ${s} <= 59 AND (${h} < 24 OR (${mi} = 0 AND ${s} = 0 AND ${ms} = 0))`;
  // Years are 0000-9999 here, so the shifted year is at least -1: its floor over 400 is (shifted + 400) / 400 - 1 in integers.
  const shifted = `(${y} - CASE WHEN ${mo} <= 2 THEN 1 ELSE 0 END)`;
  const era = `((${shifted} + 400) / 400 - 1)`;
  const yearOfEra = `(${shifted} - ${era} * 400)`;
  const dayOfYear = `((153 * (${mo} + CASE WHEN ${mo} > 2 THEN -3 ELSE 9 END) + 2) / 5 + ${d} - 1)`;
  const days = `(${era} * 146097 + ${yearOfEra} * 365 + ${yearOfEra} / 4 - ${yearOfEra} / 100 + ${dayOfYear} - 719468)`;
  return `CASE WHEN ${digits} IS NOT NULL THEN CASE WHEN ${valid} THEN ${days}::float8 * 86400000 + ${h} * 3600000 + ${mi} * 60000 + ${s} * 1000 + ${ms} END WHEN jsonb_typeof(${json}) IN ('string', 'number') THEN ${general} END`;
}

/**
 * SQL for the days in the month `month` (1–12) of the proleptic Gregorian `year`, both integer expressions, as
 * instantReader counts them. In parentheses: PL/pgSQL would end an `IF` condition at the CASE's first THEN.
 */
export function daysInMonth(month: string, year: string): string {
  return `(CASE WHEN ${month} = 2 THEN CASE WHEN ${year} % 4 = 0 AND (${year} % 100 <> 0 OR ${year} % 400 = 0) THEN 29 ELSE 28 END WHEN ${month} IN (4, 6, 9, 11) THEN 30 ELSE 31 END)`;
}

/** A date filter value as the JS engine compares it: epoch ms, read in the city's zone when it has no offset. */
export function filterInstant(value: string | number | boolean, timeZone: string, id: string): number {
  const instant = instantReader(timeZone)(value);
  if (Number.isNaN(instant)) throw CivicGridError.validation('KPI definitions', [{ path: ['filter'], message: `KPI "${id}": ${JSON.stringify(value)} is not a date` }]);
  return instant;
}

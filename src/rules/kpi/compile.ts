import type { KpiCondition, KpiDefinition, KpiFilter, KpiMeasure } from '../../model/kpi-definition.js';
import { levelIndex } from '../../model/level.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import type { KpiEntityRegistry, KpiFieldType } from './entity-registry.js';
import { type GroupPart, type GroupSpec, thresholdTest } from './group-count.js';
import { instantReader } from './instant.js';

/** An entity's data as KPIs read it: plain fields, dates as Date, ISO string or epoch ms. */
export type KpiRecord = Readonly<Record<string, unknown>>;

/** The hierarchy flattened to indices, parents before children, for array-backed tallies. */
export interface NodeIndex {
  readonly ids: readonly string[];
  /** The nodes themselves, in index order: the records of kind `hierarchyNode`. */
  readonly nodes: readonly KpiRecord[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** Parent index, -1 for the root. */
  readonly parent: Int32Array;
  readonly level: Uint8Array;
  /** Nodes of `level` (a level index) inside each node's subtree, itself included. */
  nodesAtLevelWithin(level: number): Float64Array;
}

export function indexHierarchy(hierarchy: Hierarchy): NodeIndex {
  const nodes = hierarchy.nodes();
  const indexOf = new Map<string, number>();
  const parent = new Int32Array(nodes.length);
  const level = new Uint8Array(nodes.length);
  for (const [index, node] of nodes.entries()) {
    indexOf.set(node.id, index);
    parent[index] = node.parentId === null ? -1 : (indexOf.get(node.parentId) as number);
    level[index] = levelIndex(node.level);
  }
  const levelCounts = new Map<number, Float64Array>();
  return {
    ids: nodes.map((node) => node.id),
    nodes,
    indexOf,
    parent,
    level,
    nodesAtLevelWithin(wanted) {
      let counts = levelCounts.get(wanted);
      if (counts === undefined) {
        counts = new Float64Array(nodes.length);
        for (let index = nodes.length - 1; index >= 0; index--) {
          if (level[index] === wanted) counts[index] = (counts[index] as number) + 1;
          const up = parent[index] as number;
          if (up >= 0) counts[up] = (counts[up] as number) + (counts[index] as number);
        }
        levelCounts.set(wanted, counts);
      }
      return counts;
    },
  };
}

export type MeasureAggregate = 'count' | 'sum' | 'distinct' | 'coverage' | 'duration' | 'groupCount';

/** What one record contributes to a measure: 1 for counts, the amount summed, the distinct key, the duration in ms, or its group's key. */
export type Contribution = number | string | boolean;

/** One tallied quantity. A ratio has two (numerator, denominator); every other KPI one. */
export interface CompiledMeasure {
  readonly index: number;
  readonly entity: string;
  readonly aggregate: MeasureAggregate;
  readonly matches: (record: KpiRecord) => boolean;
  /** Index into the entity's parsed times of the instant that places the record in a period; -1 for stock figures. */
  readonly timeIndex: number;
  /** The record's contribution, or undefined when it has none (no value, or an unfinished duration). */
  readonly contributionOf: (record: KpiRecord, times: Float64Array) => Contribution | undefined;
  /** Coverage only: the level index whose nodes are covered. */
  readonly coverageLevel: number;
  /** Coverage only: the matching records a node of the level needs to be covered (by its area, if set). */
  readonly coverageMinimum: (node: KpiRecord) => number;
  /** groupCount only: how each group is measured and judged. */
  readonly group: GroupSpec | null;
}

export interface CompiledKpi {
  readonly definition: KpiDefinition;
  /** Measure indices: [measure] or [numerator, denominator]. */
  readonly measures: readonly number[];
}

/** Everything read from one kind's records: its measures, and its date fields, each parsed once per record. */
export interface EntityPlan {
  readonly measures: readonly CompiledMeasure[];
  readonly timeFields: readonly ((record: KpiRecord) => number)[];
}

export interface CompiledKpis {
  readonly kpis: readonly CompiledKpi[];
  readonly measures: readonly CompiledMeasure[];
  readonly plans: ReadonlyMap<string, EntityPlan>;
  /** The most date fields any one kind uses: the size of the scratch array for parsed times. */
  readonly maxTimeFields: number;
  readonly indexById: ReadonlyMap<string, number>;
}

/** Fills `times` with the record's parsed date fields, in the plan's order. */
export function readTimes(plan: EntityPlan, record: KpiRecord, times: Float64Array): void {
  for (let index = 0; index < plan.timeFields.length; index++) times[index] = (plan.timeFields[index] as (record: KpiRecord) => number)(record);
}

type InstantReader = ReturnType<typeof instantReader>;

/** Turns validated definitions into measures with compiled filters and accessors; dates without an offset are read in `timeZone`. */
export function compileKpis(definitions: readonly KpiDefinition[], registry: KpiEntityRegistry, timeZone: string): CompiledKpis {
  const toInstant = instantReader(timeZone);
  const measures: CompiledMeasure[] = [];
  const kpis: CompiledKpi[] = [];
  const timeFieldsByEntity = new Map<string, string[]>();
  for (const definition of definitions) {
    const { entity } = definition;
    const timeFields = timeFieldsByEntity.get(entity) ?? [];
    timeFieldsByEntity.set(entity, timeFields);
    const timeIndexOf = (field: string): number => {
      const known = timeFields.indexOf(field);
      return known >= 0 ? known : timeFields.push(field) - 1;
    };
    const typeOf = (field: string): KpiFieldType => registry.field(entity, field)?.type ?? 'unknown';
    const base = definition.filter === undefined ? null : compileFilter(definition.filter, typeOf, toInstant);
    const timeIndex = definition.dateField === undefined ? -1 : timeIndexOf(definition.dateField);
    const add = (aggregate: MeasureAggregate, contributionOf: CompiledMeasure['contributionOf'], filter: KpiFilter | undefined, extra: Partial<Pick<CompiledMeasure, 'coverageLevel' | 'coverageMinimum' | 'group'>> = {}): number => {
      const own = filter === undefined ? null : compileFilter(filter, typeOf, toInstant);
      const matches = base === null ? (own ?? always) : own === null ? base : (record: KpiRecord) => base(record) && own(record);
      measures.push({ index: measures.length, entity, aggregate, matches, timeIndex, contributionOf, coverageLevel: -1, coverageMinimum: one, group: null, ...extra });
      return measures.length - 1;
    };
    // A group's part is judged after the KPI's own filter has passed: only the part's filter is left.
    const groupPart = (measure: KpiMeasure): GroupPart => ({
      aggregate: measure.kind,
      matches: (measure.filter === undefined ? null : compileFilter(measure.filter, typeOf, toInstant)) ?? always,
      contributionOf: measure.kind === 'count' ? one : measure.kind === 'sum' ? amountGetter(measure.field) : keyGetter(measure.field),
    });
    const measureOf = (measure: { kind: 'count' | 'sum' | 'distinct'; field?: string; filter?: KpiFilter | undefined }): number => {
      if (measure.kind === 'count') return add('count', one, measure.filter);
      if (measure.kind === 'distinct') return add('distinct', keyGetter(measure.field as string), measure.filter);
      return add('sum', amountGetter(measure.field as string), measure.filter);
    };
    switch (definition.kind) {
      case 'count':
        kpis.push({ definition, measures: [add('count', one, undefined)] });
        break;
      case 'sum':
      case 'distinct':
        // The definition's own filter is already the base filter.
        kpis.push({ definition, measures: [measureOf({ kind: definition.kind, field: definition.field })] });
        break;
      case 'ratio':
        kpis.push({ definition, measures: [measureOf(definition.numerator), measureOf(definition.denominator)] });
        break;
      case 'coverage': {
        const { minRecords = 1, minRecordsByArea = {} } = definition;
        const coverageMinimum = (node: KpiRecord): number => {
          const area = node.area;
          return (area === 'urban' || area === 'rural' ? minRecordsByArea[area] : undefined) ?? minRecords;
        };
        kpis.push({ definition, measures: [add('coverage', one, undefined, { coverageLevel: levelIndex(definition.level), coverageMinimum })] });
        break;
      }
      case 'groupCount': {
        const { measure } = definition;
        const parts = measure.kind === 'ratio' ? [groupPart(measure.numerator), groupPart(measure.denominator)] : [groupPart(measure)];
        kpis.push({ definition, measures: [add('groupCount', keyGetter(definition.groupBy), undefined, { group: { parts, passes: thresholdTest(definition.passes) } })] });
        break;
      }
      case 'duration':
        kpis.push({ definition, measures: [add('duration', durationGetter(timeIndexOf(definition.from), timeIndexOf(definition.to)), undefined)] });
        break;
    }
  }
  const plans = new Map<string, EntityPlan>();
  for (const [entity, fields] of timeFieldsByEntity) {
    plans.set(entity, { measures: measures.filter((measure) => measure.entity === entity), timeFields: fields.map((field) => timeGetter(field, toInstant)) });
  }
  const maxTimeFields = Math.max(0, ...[...timeFieldsByEntity.values()].map((fields) => fields.length));
  return { kpis, measures, plans, maxTimeFields, indexById: new Map(kpis.map((kpi, index) => [kpi.definition.id, index])) };
}

const always = (): boolean => true;
const one = (): number => 1;

function getter(path: string): (record: KpiRecord) => unknown {
  const parts = path.split('.');
  if (parts.length === 1) return (record) => record[path];
  return (record) => {
    let value: unknown = record;
    for (const part of parts) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as KpiRecord)[part];
    }
    return value;
  };
}

function timeGetter(path: string, toInstant: InstantReader): (record: KpiRecord) => number {
  const get = getter(path);
  return (record) => toInstant(get(record));
}

function keyGetter(path: string): (record: KpiRecord) => Contribution | undefined {
  const get = getter(path);
  return (record) => {
    const value = get(record);
    if (value instanceof Date) return value.getTime();
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
  };
}

/** The amount a record adds to a sum, as is: the tally adds it exactly (see ExactSums). */
function amountGetter(path: string): (record: KpiRecord) => number | undefined {
  const get = getter(path);
  return (record) => {
    const value = get(record);
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  };
}

/** Durations exist only for records that have both timestamps, with `to` not before `from`. */
function durationGetter(fromIndex: number, toIndex: number): CompiledMeasure['contributionOf'] {
  return (_, times) => {
    const duration = (times[toIndex] as number) - (times[fromIndex] as number);
    return duration >= 0 ? duration : undefined;
  };
}

type Predicate = (record: KpiRecord) => boolean;

function compileFilter(filter: KpiFilter, typeOf: (field: string) => KpiFieldType, toInstant: InstantReader): Predicate | null {
  const predicates = Object.entries(filter).map(([field, condition]) => {
    const type = typeOf(field);
    return type === 'array' ? compileMembership(getter(field), condition) : compileCondition(getter(field), condition, type === 'date' ? toInstant : null);
  });
  if (predicates.length === 0) return null;
  if (predicates.length === 1) return predicates[0] as Predicate;
  return (record) => {
    for (const predicate of predicates) if (!predicate(record)) return false;
    return true;
  };
}

/** Missing fields read as null; date fields (given `toInstant`) compare as epoch ms so Date, ISO string and number agree. */
function compileCondition(get: (record: KpiRecord) => unknown, condition: KpiCondition, toInstant: InstantReader | null): Predicate {
  const normalise =
    toInstant !== null ? (value: unknown) => (value === null || value === undefined ? null : toInstant(value)) : (value: unknown) => (value === undefined ? null : value instanceof Date ? value.getTime() : value);
  const tests: ((value: unknown) => boolean)[] = [];
  const { eq, ne, in: among, notIn, gt, gte, lt, lte, exists } = condition;
  if (eq !== undefined) {
    const wanted = normalise(eq);
    tests.push((value) => value === wanted);
  }
  if (ne !== undefined) {
    const unwanted = normalise(ne);
    tests.push((value) => value !== unwanted);
  }
  if (among !== undefined) {
    const wanted = new Set<unknown>(among.map(normalise));
    tests.push((value) => wanted.has(value));
  }
  if (notIn !== undefined) {
    const unwanted = new Set<unknown>(notIn.map(normalise));
    tests.push((value) => !unwanted.has(value));
  }
  const ordered = (bound: string | number | undefined, holds: (value: string | number, limit: string | number) => boolean): void => {
    if (bound === undefined) return;
    const limit = normalise(bound) as string | number;
    tests.push((value) => (typeof value === 'number' || typeof value === 'string') && typeof value === typeof limit && holds(value, limit));
  };
  ordered(gt, (value, limit) => value > limit);
  ordered(gte, (value, limit) => value >= limit);
  ordered(lt, (value, limit) => value < limit);
  ordered(lte, (value, limit) => value <= limit);
  if (exists !== undefined) tests.push((value) => (value !== null) === exists);
  if (tests.length === 1) {
    const test = tests[0] as (value: unknown) => boolean;
    return (record) => test(normalise(get(record)));
  }
  return (record) => {
    const value = normalise(get(record));
    for (const test of tests) if (!test(value)) return false;
    return true;
  };
}

/**
 * A condition on an array field tests its elements: eq and in hold when the
 * array holds the value (one of the values), ne and notIn when it holds none.
 * As for other fields, null stands for a missing array. Order bounds are
 * refused at validation.
 */
function compileMembership(get: (record: KpiRecord) => unknown, condition: KpiCondition): Predicate {
  const { eq, ne, in: among, notIn, exists } = condition;
  const tests: ((elements: readonly unknown[] | null) => boolean)[] = [];
  const holdsAny = (values: readonly unknown[]) => {
    const wanted = new Set(values);
    const missing = wanted.has(null);
    return (elements: readonly unknown[] | null): boolean => (elements === null ? missing : elements.some((element) => wanted.has(element instanceof Date ? element.getTime() : element)));
  };
  if (eq !== undefined) tests.push(holdsAny([eq]));
  if (among !== undefined) tests.push(holdsAny(among));
  if (ne !== undefined) {
    const holds = holdsAny([ne]);
    tests.push((elements) => !holds(elements));
  }
  if (notIn !== undefined) {
    const holds = holdsAny(notIn);
    tests.push((elements) => !holds(elements));
  }
  if (exists !== undefined) tests.push((elements) => (elements !== null) === exists);
  return (record) => {
    const value = get(record);
    const elements = Array.isArray(value) ? (value as readonly unknown[]) : null;
    for (const test of tests) if (!test(elements)) return false;
    return true;
  };
}

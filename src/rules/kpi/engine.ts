import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { Hierarchy } from '../hierarchy/hierarchy.js';
import { KpiAggregator, type KpiRecordAt } from './aggregator.js';
import { type CompiledKpis, compileKpis, indexHierarchy, type NodeIndex } from './compile.js';
import { validateKpiDefinitions } from './definitions.js';
import type { KpiEntityRegistry } from './entity-registry.js';
import type { KpiEvaluation } from './evaluation.js';
import { isKpiPack, type KpiPack } from './pack.js';
import { isTimeZone, type KpiPeriod } from './period.js';
import { KpiTally } from './tally.js';

/** What the KPI engine needs: the hierarchy, the definitions and the entity registry they are checked against. */
export interface KpiEngineOptions {
  /** Where records are placed; also the source of every `hierarchyNode` figure (records of that kind fed in are ignored). */
  hierarchy: Hierarchy;
  /** A pack or a list of definitions; either is validated against `registry`. */
  definitions: KpiPack | readonly unknown[];
  /**
   * Resolved periods (see `resolvePeriod`), all in the city's time zone; one
   * evaluation comes back per period. Record dates without a time are days in that zone.
   */
  periods: readonly KpiPeriod[];
  /** The entity kinds and their fields. */
  registry: KpiEntityRegistry;
}

interface Prepared {
  compiled: CompiledKpis;
  nodes: NodeIndex;
  periods: readonly KpiPeriod[];
}

function prepare(options: KpiEngineOptions, subject: string): Prepared {
  const issues: Issue[] = [];
  if (!(options.hierarchy instanceof Hierarchy)) issues.push({ path: ['hierarchy'], message: 'hierarchy must be a Hierarchy (see createHierarchy)' });
  // One city, one zone: a date without a time is read once per record, as a day in that zone.
  const timeZone = options.periods?.[0]?.timeZone;
  if (!Array.isArray(options.periods) || options.periods.length === 0) issues.push({ path: ['periods'], message: 'periods must be a non-empty array of resolved periods' });
  else {
    for (const [index, period] of options.periods.entries()) {
      const ok = period !== null && typeof period === 'object' && period.start instanceof Date && period.end instanceof Date && period.start.getTime() < period.end.getTime();
      if (!ok) issues.push({ path: ['periods', index], message: 'a period has Dates start < end (see resolvePeriod)' });
      else if (typeof period.timeZone !== 'string' || !isTimeZone(period.timeZone)) issues.push({ path: ['periods', index, 'timeZone'], message: 'a period names its IANA time zone (see resolvePeriod)' });
      else if (period.timeZone !== timeZone) issues.push({ path: ['periods', index, 'timeZone'], message: `every period must be in the same time zone: ${timeZone}, not ${period.timeZone}` });
    }
  }
  if (issues.length > 0) throw CivicGridError.validation(subject, issues);
  const definitions = isKpiPack(options.definitions) ? options.definitions.definitions : options.definitions;
  const validated = validateKpiDefinitions(definitions, options.registry);
  return { compiled: compileKpis(validated, options.registry, timeZone as string), nodes: indexHierarchy(options.hierarchy), periods: options.periods };
}

/** A full-recompute tally: feed records with `add`, then `finish()` for one evaluation per period. */
export function createKpiTally(options: KpiEngineOptions): KpiTally {
  const { compiled, nodes, periods } = prepare(options, 'createKpiTally');
  return new KpiTally(compiled, nodes, periods);
}

/** An incremental aggregator kept current by `apply(change)`. */
export function createKpiAggregator(options: KpiEngineOptions): KpiAggregator {
  const { compiled, nodes, periods } = prepare(options, 'createKpiAggregator');
  return new KpiAggregator(compiled, nodes, periods);
}

/** Evaluates every KPI over in-memory records, each with its kind and node: one evaluation per period. */
export function evaluateKpis(options: KpiEngineOptions & { records: Iterable<KpiRecordAt & { kind: string }> }): KpiEvaluation[] {
  const tally = createKpiTally(options);
  for (const { kind, record, nodeId } of options.records) tally.add(kind, record, nodeId);
  return tally.finish();
}

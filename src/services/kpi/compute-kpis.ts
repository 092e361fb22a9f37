import { z } from 'zod';
import type { AuditEntry, StoredRecord } from '../../adapters/port.js';
import type { AuditQuery, Page, StoreQuery } from '../../adapters/store.js';
import { readAccessOf } from '../../access/read-access.js';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { KpiDefinition } from '../../model/kpi-definition.js';
import type { KpiPeriodSpec } from '../../model/kpi-period.js';
import { Hierarchy } from '../../rules/hierarchy/hierarchy.js';
import type { KpiAggregator, KpiChange, KpiRecordAt } from '../../rules/kpi/aggregator.js';
import { createKpiTally } from '../../rules/kpi/engine.js';
import { HIERARCHY_NODE_KIND, type KpiEntityRegistry } from '../../rules/kpi/entity-registry.js';
import type { KpiEvaluation } from '../../rules/kpi/evaluation.js';
import { isKpiPack, type KpiPack } from '../../rules/kpi/pack.js';
import { type KpiPeriod, previousPeriod, resolvePeriod } from '../../rules/kpi/period.js';
import { buildKpiReport, type KpiReport } from '../../rules/kpi/report.js';
import { refuseKpisOnMaskedFields, reportWithinReadAccess } from './kpis-within-read-access.js';

/** What computeKpis reads from a store: pages of one kind. Any `Store` fits. */
export interface KpiStoreReader {
  /** One page of records of `kind`. */
  query(kind: string, query: StoreQuery): Promise<Page<unknown>>;
}

/** What the audit feed reads: the change stream. Any `Store` fits. */
export interface KpiAuditReader {
  /** Audit entries matching `query`, oldest first. */
  readAudit(query: AuditQuery): Promise<AuditEntry[]>;
}

/** What {@link computeKpis} takes: the store, hierarchy, definitions, entity registry, period and clock. */
export interface ComputeKpisOptions {
  store: KpiStoreReader;
  hierarchy: Hierarchy;
  definitions: KpiPack | readonly unknown[];
  registry: KpiEntityRegistry;
  period: KpiPeriodSpec;
  /** The clock: "year to date" ends here. */
  at: Date;
  /** The city's time zone; Asia/Shanghai by default. */
  timeZone?: string;
  /** Records per page read from the store (default 10,000, the store maximum: fewer, larger pages). */
  pageSize?: number;
}

/** KPI figures for a period and the previous one, with a report at any hierarchy node. */
export interface KpiResult {
  period: KpiPeriod;
  previousPeriod: KpiPeriod;
  current: KpiEvaluation;
  previous: KpiEvaluation;
  /** The report at a node (the city by default), with drill-down to its children. */
  report(nodeId?: string): KpiReport;
}

const OptionsSchema = z
  .object({
    store: z.custom<KpiStoreReader>((value) => typeof (value as KpiStoreReader | null)?.query === 'function', 'store must have a query(kind, query) method'),
    hierarchy: z.custom<Hierarchy>((value) => value instanceof Hierarchy, 'hierarchy must be a Hierarchy (see createHierarchy)'),
    definitions: z.custom<KpiPack | readonly unknown[]>((value) => Array.isArray(value) || isKpiPack(value), 'definitions must be a KPI pack or an array'),
    registry: z.custom<KpiEntityRegistry>((value) => typeof (value as KpiEntityRegistry | null)?.field === 'function', 'registry must be a KpiEntityRegistry'),
    period: z.unknown(),
    at: z.date(),
    timeZone: z.string().optional(),
    pageSize: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

/**
 * Computes every KPI for a period and the previous period of the same
 * length, at every node, in one pass over the store. Records are read page by
 * page and tallied at their node, so memory holds one page plus the per-node
 * tallies (and one number per finished duration), whatever the data size.
 * Hierarchy nodes are read from `hierarchy` itself, as `createKpiAggregator` does. A record is placed at the
 * deepest node of its scope that the hierarchy knows.
 *
 * Through an `authorizedStore`, only the records the principal may read are
 * tallied; definitions reading a personal field it sees masked are refused
 * (FORBIDDEN), and `report(node)` keeps only the figures whose entity it reads
 * over the node's whole subtree (NOT_FOUND when none is left).
 */
export async function computeKpis(options: ComputeKpisOptions): Promise<KpiResult> {
  const { store, hierarchy, definitions, registry, at, timeZone, pageSize = 10_000 } = parseWithSchema(OptionsSchema, options, 'computeKpis options');
  const period = resolvePeriod(options.period, timeZone === undefined ? { at } : { at, timeZone });
  const before = previousPeriod(period);
  const tally = createKpiTally({ hierarchy, definitions, registry, periods: [period, before] });
  // Validated by createKpiTally.
  const definitionList = isKpiPack(definitions) ? definitions.definitions : (definitions as readonly KpiDefinition[]);
  const access = readAccessOf(store);
  if (access !== undefined) refuseKpisOnMaskedFields(definitionList, access);
  const kinds = new Set(definitionList.map((definition) => definition.entity));
  const rootScope = [hierarchy.rootId];
  // The tally takes hierarchy nodes from the hierarchy itself.
  kinds.delete(HIERARCHY_NODE_KIND);
  for (const kind of kinds) {
    let cursor: string | null = null;
    do {
      const page: Page<unknown> = await store.query(kind, { scope: rootScope, limit: pageSize, ...(cursor === null ? {} : { cursor }) });
      for (const stored of page.records) tally.add(kind, stored.data as Record<string, unknown>, nodeOfScope(hierarchy, stored.scope));
      cursor = page.nextCursor;
    } while (cursor !== null);
  }
  const [current, previous] = tally.finish() as [KpiEvaluation, KpiEvaluation];
  return {
    period,
    previousPeriod: before,
    current,
    previous,
    report: (nodeId = hierarchy.rootId) => {
      const report = buildKpiReport({ hierarchy, current, previous, nodeId });
      return access === undefined ? report : reportWithinReadAccess(report, definitionList, hierarchy, access);
    },
  };
}

/** The deepest id of a scope path that the hierarchy knows (a household below the modelled buildings falls to its building). */
export function nodeOfScope(hierarchy: Hierarchy, scope: readonly string[]): string {
  for (let index = scope.length - 1; index >= 0; index--) {
    const id = scope[index] as string;
    if (hierarchy.has(id)) return id;
  }
  return scope[scope.length - 1] ?? '';
}

/** An audit entry as a KPI change: the stored before/after, each placed by its scope. */
export function kpiChangeFromAudit(entry: Pick<AuditEntry, 'kind' | 'before' | 'after'>, hierarchy: Hierarchy): KpiChange {
  const placed = (stored: StoredRecord | null): KpiRecordAt | null => (stored === null ? null : { nodeId: nodeOfScope(hierarchy, stored.scope), record: stored.data });
  return { kind: entry.kind, before: placed(entry.before), after: placed(entry.after) };
}

/**
 * Feeds the audit log written after `afterSeq` into the aggregator, page by
 * page, and returns the last `seq` applied: call again with it to stay current.
 */
export async function followAuditLog(options: { store: KpiAuditReader; aggregator: KpiAggregator; hierarchy: Hierarchy; afterSeq: number; pageSize?: number }): Promise<number> {
  const { store, aggregator, hierarchy, pageSize = 2_000 } = options;
  if (!Number.isInteger(options.afterSeq) || options.afterSeq < 0) {
    throw CivicGridError.validation('followAuditLog', [{ path: ['afterSeq'], message: 'afterSeq is the last seq seen: an integer ≥ 0' }]);
  }
  let last = options.afterSeq;
  for (;;) {
    const entries = await store.readAudit({ afterSeq: last, limit: pageSize });
    for (const entry of entries) {
      aggregator.apply(kpiChangeFromAudit(entry, hierarchy));
      last = entry.seq;
    }
    if (entries.length < pageSize) return last;
  }
}

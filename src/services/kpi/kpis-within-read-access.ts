import { forbidden } from '../../access/access-check.js';
import type { ReadAccess } from '../../access/read-access.js';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import type { KpiDefinition, KpiFilter, KpiMeasure } from '../../model/kpi-definition.js';
import type { Hierarchy } from '../../rules/hierarchy/hierarchy.js';
import { HIERARCHY_NODE_KIND } from '../../rules/kpi/entity-registry.js';
import type { KpiReport } from '../../rules/kpi/report.js';

/** Every field a definition reads: its filters, date field, summed or counted field, and duration ends. */
export function fieldsReadBy(definition: KpiDefinition): string[] {
  const ofFilter = (filter: KpiFilter | undefined): string[] => Object.keys(filter ?? {});
  const ofMeasure = (measure: KpiMeasure): string[] => [...ofFilter(measure.filter), ...(measure.kind === 'count' ? [] : [measure.field])];
  const own = definition.kind === 'sum' || definition.kind === 'distinct' ? [definition.field] : definition.kind === 'duration' ? [definition.from, definition.to] : [];
  const measures = definition.kind === 'ratio' ? [...ofMeasure(definition.numerator), ...ofMeasure(definition.denominator)] : [];
  return [...new Set([...ofFilter(definition.filter), ...(definition.dateField === undefined ? [] : [definition.dateField]), ...own, ...measures])];
}

/**
 * FORBIDDEN for definitions reading a personal field the principal sees
 * masked: the figure would be computed from masks (every requester "***"
 * counts as one), or answer a question about the plain values through them.
 */
export function refuseKpisOnMaskedFields(definitions: readonly KpiDefinition[], access: ReadAccess): void {
  const issues: Issue[] = [];
  definitions.forEach((definition, index) => {
    const masked = access.maskedFields(definition.entity);
    for (const field of fieldsReadBy(definition)) {
      if (masked.some((personal) => field === personal || field.startsWith(`${personal}.`) || personal.startsWith(`${field}.`))) {
        issues.push({ path: ['definitions', index, field], message: `${access.principalId} sees ${definition.entity}.${field} masked: "${definition.id}" cannot be computed from it` });
      }
    }
  });
  if (issues.length > 0) throw forbidden('computeKpis', issues);
}

/**
 * The report as far as the principal reads: only the figures whose entity it
 * may read over the node's whole subtree (for hierarchy-node figures: any
 * entity), so no figure stands for a subtree it reads only part of, and the
 * drill-down rows (children, inside that subtree) are inside the grant too.
 * NOT_FOUND when no figure is left: the node is outside what the principal
 * may read, as authorizedStore answers for a record outside.
 */
export function reportWithinReadAccess(report: KpiReport, definitions: readonly KpiDefinition[], hierarchy: Hierarchy, access: ReadAccess): KpiReport {
  const path = hierarchy.pathOf(report.node.id);
  const entityOf = new Map(definitions.map((definition) => [definition.id, definition.entity]));
  const figures = report.figures.filter((figure) => {
    const entity = entityOf.get(figure.id) as string;
    return entity === HIERARCHY_NODE_KIND ? access.readsAnySubtree(path) : access.readsSubtree(entity, path);
  });
  if (figures.length === 0) {
    throw new CivicGridError('NOT_FOUND', `no KPI report at "${report.node.id}" for ${access.principalId}: it reads nothing there whole`, {
      issues: [{ path: ['nodeId'], message: `outside what ${access.principalId} may read` }],
    });
  }
  return { ...report, figures };
}

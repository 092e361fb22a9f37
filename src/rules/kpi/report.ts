import { CivicGridError } from '../../errors/civic-grid-error.js';
import { type BilingualText, isShareKpi, type KpiDefinition, type KpiKind, type KpiTag, type KpiTarget } from '../../model/kpi-definition.js';
import type { Level } from '../../model/level.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import type { KpiEvaluation, KpiValue } from './evaluation.js';
import { formatKpiValue } from './format.js';
import type { KpiPeriod } from './period.js';
import { type KpiStatus, kpiStatus } from './targets.js';

/** A KPI period as plain JSON: kind, label, [start, end) instants and time zone. */
export interface KpiPeriodJson {
  kind: KpiPeriod['spec']['kind'];
  label: BilingualText;
  /** ISO instants; the end is excluded. */
  start: string;
  end: string;
  timeZone: string;
}

/** One KPI's value at one hierarchy node, with its display text and target status. */
export interface KpiNodeFigure {
  nodeId: string;
  name: string;
  level: Level;
  value: KpiValue;
  display: BilingualText;
  status: KpiStatus;
}

/** One KPI in a report: its definition's texts, the value and status at the node, the change from the previous period and the drill-down. */
export interface KpiFigure {
  id: string;
  kind: KpiKind;
  /** The value is a share in [0, 1]: a ratio, a coverage, or a groupCount with `share`. */
  share: boolean;
  label: BilingualText;
  description: BilingualText;
  formula: BilingualText;
  tag: KpiTag | null;
  source: string | null;
  value: KpiValue;
  display: BilingualText;
  target: KpiTarget | null;
  status: KpiStatus;
  /** The previous period of the same length; null for stock figures (no date field), which have no history. */
  previous: KpiValue | null;
  /** value − previous value (for shares, in share points: 0.012 is +1.2 points); null when either is missing. */
  change: number | null;
  /** Drill-down: the same figure at each child node. */
  children: KpiNodeFigure[];
}

/** A versioned KPI report (`civic-grid/kpi-report`) at one hierarchy node for one period. */
export interface KpiReport {
  format: 'civic-grid/kpi-report';
  version: 1;
  node: { id: string; name: string; level: Level };
  period: KpiPeriodJson;
  previousPeriod: KpiPeriodJson | null;
  figures: KpiFigure[];
  /** Records whose node is not in the hierarchy: they count nowhere, and a non-zero figure deserves a look. */
  unplaced: number;
}

export function periodJson(period: KpiPeriod): KpiPeriodJson {
  return { kind: period.spec.kind, label: period.label, start: period.start.toISOString(), end: period.end.toISOString(), timeZone: period.timeZone };
}

/** The report at one node: every figure with its target status, its change, and its value at each child. */
export function buildKpiReport(input: { hierarchy: Hierarchy; current: KpiEvaluation; previous?: KpiEvaluation; nodeId: string }): KpiReport {
  const { hierarchy, current, previous, nodeId } = input;
  const node = hierarchy.getOrThrow(nodeId);
  if (previous !== undefined && previous.definitions.map((definition) => definition.id).join('\n') !== current.definitions.map((definition) => definition.id).join('\n')) {
    throw CivicGridError.validation('buildKpiReport', [{ path: ['previous'], message: 'the previous evaluation must cover the same KPIs as the current one' }]);
  }
  const children = hierarchy.children(nodeId);
  const figures = current.definitions.map((definition): KpiFigure => {
    const value = current.value(definition.id, nodeId);
    const before = previous === undefined || definition.dateField === undefined ? null : previous.value(definition.id, nodeId);
    return {
      id: definition.id,
      kind: definition.kind,
      share: isShareKpi(definition),
      label: definition.label,
      description: definition.description,
      formula: definition.formula,
      tag: definition.tag ?? null,
      source: definition.source ?? null,
      value,
      display: formatKpiValue(definition, value),
      target: definition.target ?? null,
      status: kpiStatus(definition.target, value.value),
      previous: before,
      change: before === null || before.value === null || value.value === null ? null : value.value - before.value,
      children: children.map((child) => nodeFigure(definition, current, child)),
    };
  });
  return {
    format: 'civic-grid/kpi-report',
    version: 1,
    node: { id: node.id, name: node.name, level: node.level },
    period: periodJson(current.period),
    previousPeriod: previous === undefined ? null : periodJson(previous.period),
    figures,
    unplaced: current.unplaced,
  };
}

function nodeFigure(definition: KpiDefinition, evaluation: KpiEvaluation, node: { id: string; name: string; level: Level }): KpiNodeFigure {
  const value = evaluation.value(definition.id, node.id);
  return { nodeId: node.id, name: node.name, level: node.level, value, display: formatKpiValue(definition, value), status: kpiStatus(definition.target, value.value) };
}

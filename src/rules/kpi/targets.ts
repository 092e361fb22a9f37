import type { KpiTarget } from '../../model/kpi-definition.js';

/** How a KPI value stands against its target, or why it has no status. */
export type KpiStatus = 'met' | 'atRisk' | 'missed' | 'noTarget' | 'noData';

/** Bilingual labels (zh-CN, en) for each KPI status. */
export const KPI_STATUS_LABELS: Readonly<Record<KpiStatus, { zh: string; en: string }>> = {
  met: { zh: '达标', en: 'met' },
  atRisk: { zh: '预警', en: 'at risk' },
  missed: { zh: '未达标', en: 'missed' },
  noTarget: { zh: '无目标', en: 'no target' },
  noData: { zh: '无数据', en: 'no data' },
};

/** Shares are floats from exact counts: allow for the last bit when comparing with a target. */
const TOLERANCE = 1e-9;

/**
 * met when the value satisfies the target; at risk when it misses by no
 * more than the band; missed otherwise. `equal` (e.g. 100% coverage) is at
 * risk within the band on either side.
 */
export function kpiStatus(target: KpiTarget | undefined, value: number | null): KpiStatus {
  if (target === undefined) return 'noTarget';
  if (value === null) return 'noData';
  const shortfall = target.direction === 'atLeast' ? target.value - value : target.direction === 'atMost' ? value - target.value : Math.abs(value - target.value);
  if (shortfall <= TOLERANCE) return 'met';
  return shortfall <= target.atRisk + TOLERANCE ? 'atRisk' : 'missed';
}

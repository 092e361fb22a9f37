import type { MatchNeedsResult } from '../rules/matching/match-needs.js';
import { UNMATCHED_REASONS } from '../rules/matching/match-needs.js';
import { UNMATCHED_REASON_LABELS } from '../rules/matching/unmatched-reason-labels.js';
import { barChartSvg } from './bar-chart.js';
import { formatCount, formatShare, pick, type ReportLanguage, text } from './report-text.js';

/** What the dispatch section shows: a `matchNeeds` result and the resources it dispatched to (their units and capacities). */
export interface DispatchReportData {
  result: Pick<MatchNeedsResult, 'assignments' | 'unmatched'>;
  resources: readonly { unitId: string; capacity: number }[];
}

/** Matched needs, then the unmatched ones by reason, as labelled bars. */
export function dispatchOutcomeSvg(data: DispatchReportData, lang: ReportLanguage): string {
  const total = data.result.assignments.length + data.result.unmatched.length;
  const share = (count: number) => `${formatCount(count)} (${formatShare(total === 0 ? 0 : count / total)})`;
  const byReason = new Map<string, number>();
  for (const need of data.result.unmatched) byReason.set(need.reason, (byReason.get(need.reason) ?? 0) + 1);
  const bars = [
    { label: pick(lang, text('已派单', 'matched')), value: data.result.assignments.length, valueText: share(data.result.assignments.length), tone: 'tone-good' },
    ...UNMATCHED_REASONS.map((reason) => ({
      label: `${pick(lang, text('未派：', 'unmatched: '))}${pick(lang, UNMATCHED_REASON_LABELS[reason])}`,
      value: byReason.get(reason) ?? 0,
      valueText: share(byReason.get(reason) ?? 0),
      tone: 'tone-bad',
    })),
  ];
  return barChartSvg(bars, { title: pick(lang, text('派单结果：已派与未派（按原因）', 'Dispatch outcome: matched, and unmatched by reason')), labelWidth: 260 });
}

/** Load bands: what share of its total capacity a unit was given. */
const LOAD_BANDS = [
  { label: text('空闲（0%）', 'idle (0%)'), test: (share: number) => share === 0, tone: 'tone-neutral' },
  { label: text('1–49%', '1–49%'), test: (share: number) => share > 0 && share < 0.5, tone: 'tone-neutral' },
  { label: text('50–99%', '50–99%'), test: (share: number) => share >= 0.5 && share < 1, tone: 'tone-good' },
  { label: text('满负荷（100%）', 'full (100%)'), test: (share: number) => share >= 1, tone: 'tone-warn' },
] as const;

/** Load per unit: how many units were given none, some, most or all of their capacity. */
export function unitLoadSvg(data: DispatchReportData, lang: ReportLanguage): string {
  const capacity = new Map<string, number>();
  for (const resource of data.resources) capacity.set(resource.unitId, (capacity.get(resource.unitId) ?? 0) + resource.capacity);
  const assigned = new Map<string, number>();
  for (const assignment of data.result.assignments) assigned.set(assignment.unitId, (assigned.get(assignment.unitId) ?? 0) + 1);
  const shares = [...capacity].map(([unitId, total]) => (total <= 0 ? 0 : (assigned.get(unitId) ?? 0) / total));
  const bars = LOAD_BANDS.map((band) => {
    const count = shares.filter((share) => band.test(share)).length;
    return { label: pick(lang, band.label), value: count, valueText: `${formatCount(count)} ${pick(lang, text('家单位', 'units'))}`, tone: band.tone };
  });
  return barChartSvg(bars, { title: pick(lang, text('单位负载：已派 / 容量', 'Load per unit: assigned / capacity')), labelWidth: 160 });
}

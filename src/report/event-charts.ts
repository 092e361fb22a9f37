import type { GridEvent, GridEventStatus } from '../model/grid-event.js';
import { gridEventReportedAt } from '../model/grid-event.js';
import { barChartSvg } from './bar-chart.js';
import { trendChartSvg } from './line-chart.js';
import { formatCount, formatShare, pick, type ReportLanguage, text } from './report-text.js';

/** The closed loop's stages in order (GB/T 30428.8), as the funnel shows them. */
const FUNNEL_STAGES: readonly { status: GridEventStatus; label: { zh: string; en: string } }[] = [
  { status: 'reported', label: text('上报', 'reported') },
  { status: 'registered', label: text('立案', 'registered') },
  { status: 'dispatched', label: text('派遣', 'dispatched') },
  { status: 'inProgress', label: text('处置', 'in progress') },
  { status: 'handled', label: text('处置反馈', 'handled') },
  { status: 'closed', label: text('核查结案', 'closed') },
  { status: 'evaluated', label: text('综合评价', 'evaluated') },
];

const reached = (event: GridEvent, status: GridEventStatus) => event.stageHistory.some((entry) => entry.status === status);

/**
 * Closed on time: the event reached `closed` without an escalation. Escalation is what
 * a stage's passed deadline triggers, so an event never escalated kept every deadline.
 */
export function closedOnTime(event: GridEvent): boolean {
  return reached(event, 'closed') && event.escalationLevel === 0;
}

/** The funnel: how many events reached each stage, with the share of those reported. */
export function eventFunnelSvg(events: readonly GridEvent[], lang: ReportLanguage): string {
  const reportedCount = events.length;
  const bars = FUNNEL_STAGES.map((stage) => {
    const count = events.filter((event) => reached(event, stage.status)).length;
    return { label: pick(lang, stage.label), value: count, valueText: `${formatCount(count)} (${formatShare(reportedCount === 0 ? 0 : count / reportedCount)})`, tone: 'tone-neutral' };
  });
  return barChartSvg(bars, { title: pick(lang, text('事件漏斗：到达各环节的事件数', 'Event funnel: events that reached each stage')), max: reportedCount, labelWidth: 140 });
}

/** China keeps one time zone, UTC+8, without daylight saving: months are counted there. */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** On-time closure by the month events were reported: closed on time / closed, a trend line. */
export function onTimeClosureSvg(events: readonly GridEvent[], lang: ReportLanguage, target?: number): string {
  const months = new Map<string, { closed: number; onTime: number }>();
  for (const event of events) {
    const month = new Date(Date.parse(gridEventReportedAt(event)) + CHINA_OFFSET_MS).toISOString().slice(0, 7);
    const tally = months.get(month) ?? { closed: 0, onTime: 0 };
    if (reached(event, 'closed')) tally.closed++;
    if (closedOnTime(event)) tally.onTime++;
    months.set(month, tally);
  }
  const points = [...months]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, tally]) => ({
      label: month.slice(2),
      value: tally.closed === 0 ? null : tally.onTime / tally.closed,
      valueText: tally.closed === 0 ? '' : `${Math.round((100 * tally.onTime) / tally.closed)}%`,
    }));
  return trendChartSvg(points, {
    title: pick(lang, text('按期结案率（按上报月份）：按期结案 / 结案', 'On-time closure by month reported: closed on time / closed')),
    min: 0,
    max: 1,
    ...(target === undefined ? {} : { reference: { value: target, label: `${Math.round(target * 100)}%` } }),
  });
}

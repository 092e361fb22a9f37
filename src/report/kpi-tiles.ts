import type { KpiTarget } from '../model/kpi-definition.js';
import type { KpiFigure } from '../rules/kpi/report.js';
import { KPI_STATUS_LABELS, type KpiStatus } from '../rules/kpi/targets.js';
import { escapeHtml, pick, type ReportLanguage, text } from './report-text.js';

/** A mark beside each status word, so the status reads without its colour. */
const STATUS_MARKS: Readonly<Record<KpiStatus, string>> = { met: '✓', atRisk: '!', missed: '✗', noTarget: '–', noData: '?' };

/** A target as "≥ 90%" or "≤ 3"; `share` (a groupCount with `share`) is told by the figure, ratio and coverage by their kind. */
export function formatTarget(kind: KpiFigure['kind'], target: KpiTarget, share = kind === 'ratio' || kind === 'coverage'): string {
  const sign = target.direction === 'atLeast' ? '≥' : target.direction === 'atMost' ? '≤' : '=';
  return `${sign} ${share ? `${(target.value * 100).toFixed(0)}%` : target.value.toLocaleString('en-US')}`;
}

/**
 * The change against the previous period, in points for shares; "no previous data" when
 * the previous period had no records behind the figure (a change from nothing says nothing);
 * null for stock figures, which have no previous period.
 */
export function formatChange(figure: Pick<KpiFigure, 'share' | 'change' | 'previous'>, lang: ReportLanguage): string | null {
  if (figure.previous === null) return null;
  if (figure.previous.sampleSize === 0) return pick(lang, text('上期无数据', 'no data for the previous period'));
  if (figure.change === null) return null;
  const arrow = figure.change > 0 ? '▲' : figure.change < 0 ? '▼' : '=';
  const sign = figure.change > 0 ? '+' : '';
  const amount = figure.share
    ? `${sign}${(figure.change * 100).toFixed(1)} ${pick(lang, text('个百分点', 'pts'))}`
    : `${sign}${figure.change.toLocaleString('en-US', { maximumFractionDigits: 1 })}`;
  return `${arrow} ${amount} ${pick(lang, text('较上期', 'vs previous period'))}`;
}

/**
 * One KPI tile: the value, the target and its status (a mark and a word, besides the
 * colour), the change against the previous period, and the formula written below.
 */
export function kpiTileHtml(figure: KpiFigure, lang: ReportLanguage): string {
  const label = pick(lang, figure.label);
  const status = `${STATUS_MARKS[figure.status]} ${pick(lang, KPI_STATUS_LABELS[figure.status])}`;
  // Without a target the status says no more than "no target".
  const target =
    figure.target === null
      ? `<span class="kpi-status">${escapeHtml(pick(lang, text('无目标', 'no target')))}</span>`
      : `${escapeHtml(`${pick(lang, text('目标', 'target'))} ${formatTarget(figure.kind, figure.target, figure.share)}`)} · <span class="kpi-status">${escapeHtml(status)}</span>`;
  const change = formatChange(figure, lang);
  const formula = pick(lang, figure.formula);
  return (
    `<article class="kpi-tile status-${figure.status}" data-kpi-id="${escapeHtml(figure.id)}" title="${escapeHtml(`${label} = ${formula}`)}">` +
    `<h3>${escapeHtml(label)}</h3>` +
    `<p class="kpi-value">${escapeHtml(pick(lang, figure.display))}</p>` +
    `<p class="kpi-target">${target}</p>` +
    (change === null ? '' : `<p class="kpi-change">${escapeHtml(change)}</p>`) +
    `<p class="kpi-formula"><span class="visually-hidden">${escapeHtml(pick(lang, text('公式', 'Formula')))}: </span>= ${escapeHtml(formula)}</p>` +
    `</article>`
  );
}

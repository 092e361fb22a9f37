import type { CityReportData, CityReportOptions } from './city-report-data.js';
import { dispatchOutcomeSvg, unitLoadSvg } from './dispatch-charts.js';
import { drillDownTableHtml } from './drill-down-table.js';
import { eventFunnelSvg, onTimeClosureSvg } from './event-charts.js';
import { type GridBand, gridBand, gridBandLabel, gridMapSvg } from './grid-map.js';
import { kpiTileHtml } from './kpi-tiles.js';
import { REPORT_CSS } from './report-styles.js';
import { escapeHtml, formatCount, pick, placeName, placeNameText, type ReportLanguage, text } from './report-text.js';

/**
 * The city report: one self-contained HTML page (inline CSS and SVG, no script, nothing
 * fetched), with KPI tiles, the drill-down table, the grid map, dispatch and events —
 * each section drawn only when `data` has it. Pure: the same data gives the same page.
 */
export function renderCityReport(data: CityReportData, options: CityReportOptions = {}): string {
  const lang = options.lang ?? 'zh';
  const cityTitle = `${placeNameText(lang, data.city)} ${pick(lang, text('城市治理报告', 'city report'))}`;
  const sections = [kpiSection(data, options, lang), gridMapSection(data, lang), dispatchSection(data, lang), eventsSection(data, lang)].filter((section) => section !== '');
  return (
    `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(cityTitle)}</title><style>${REPORT_CSS}</style></head><body>` +
    `<header><h1>${placeName(lang, data.city)} ${escapeHtml(pick(lang, text('城市治理报告', 'city report')))}</h1>` +
    (options.subtitle === undefined ? '' : `<p class="subtitle">${escapeHtml(options.subtitle)}</p>`) +
    `</header><main>${sections.join('')}</main>` +
    `<footer>${escapeHtml(pick(lang, text('由 civic-grid 生成：单个离线文件，无脚本、无外部资源，可打印。', 'Made by civic-grid: one offline file, no script, nothing fetched; prints as it is.')))}</footer></body></html>\n`
  );
}

function kpiSection(data: CityReportData, options: CityReportOptions, lang: ReportLanguage): string {
  if (data.kpi === undefined) return '';
  const { report } = data.kpi;
  const period = `${pick(lang, report.period.label)} (${report.period.timeZone})`;
  const previous = report.previousPeriod === null ? '' : `; ${pick(lang, text('对比', 'compared with'))} ${pick(lang, report.previousPeriod.label)}`;
  const figureIds = options.drillDownFigures ?? report.figures.filter((figure) => figure.children.length > 0).slice(0, 4).map((figure) => figure.id);
  return (
    `<section aria-labelledby="kpi-heading"><h2 id="kpi-heading">${escapeHtml(pick(lang, text('指标看板', 'Key figures')))}</h2>` +
    `<p class="note">${escapeHtml(pick(lang, text('统计期', 'Period')))}: ${escapeHtml(period + previous)}</p>` +
    `<div class="kpi-tiles">${report.figures.map((figure) => kpiTileHtml(figure, lang)).join('')}</div>` +
    `<h2 id="drill-down-heading">${escapeHtml(pick(lang, text('逐级下钻', 'Drill-down')))}</h2>` +
    drillDownTableHtml({ city: report, reports: data.kpi.drillDown ?? [], figureIds, lang, namesEn: data.placeNamesEn }) +
    `</section>`
  );
}

const BANDS: readonly GridBand[] = ['under', 'within', 'over', 'special'];

function gridMapSection(data: CityReportData, lang: ReportLanguage): string {
  if (data.gridMap === undefined) return '';
  const { plan, place } = data.gridMap;
  const bounds = plan.basis;
  const title = `${placeNameText(lang, place)}: ${pick(lang, text(`${plan.grids.length} 个网格`, `${plan.grids.length} grids`))}`;
  const counts = new Map<GridBand, number>();
  for (const grid of plan.grids) counts.set(gridBand(grid, bounds), (counts.get(gridBand(grid, bounds)) ?? 0) + 1);
  const legend = BANDS.map(
    (band) => `<li><svg width="22" height="14" aria-hidden="true"><rect class="swatch band-${band}" width="22" height="14"/></svg>${escapeHtml(gridBandLabel(lang, band, bounds))}: ${counts.get(band) ?? 0}</li>`,
  ).join('');
  const rows = plan.grids
    .map((grid) => `<tr><th scope="row">${escapeHtml(grid.code)}</th><td>${formatCount(grid.households)}</td><td>${grid.buildingIds.length}</td><td>${escapeHtml(gridBandLabel(lang, gridBand(grid, bounds), bounds))}</td></tr>`)
    .join('');
  const head = [text('网格编码', 'Grid code'), text('户数', 'Households'), text('楼栋', 'Buildings'), text('规模', 'Size')].map((label) => `<th scope="col">${escapeHtml(pick(lang, label))}</th>`).join('');
  return (
    `<section aria-labelledby="map-heading"><h2 id="map-heading">${escapeHtml(pick(lang, text('网格地图', 'Grid map')))}: ${placeName(lang, place)}</h2>` +
    `<p class="note">${escapeHtml(
      pick(
        lang,
        text(
          `按楼栋的泰森多边形（Voronoi）合并成网格；颜色与纹理表示户数是否在 ${bounds.minHouseholds}–${bounds.maxHouseholds} 户之间，标签为网格编码末位与户数，北在上。`,
          `Each grid is its buildings' Voronoi cells merged; colour and texture show households against ${bounds.minHouseholds}–${bounds.maxHouseholds}; labels give the code's last digits and households; north is up.`,
        ),
      ),
    )}</p>` +
    `<figure>${gridMapSvg(plan, { title, lang })}<figcaption><ul class="legend">${legend}</ul></figcaption></figure>` +
    `<table class="grid-list"><caption>${escapeHtml(title)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>` +
    `</section>`
  );
}

function dispatchSection(data: CityReportData, lang: ReportLanguage): string {
  if (data.dispatch === undefined) return '';
  return (
    `<section aria-labelledby="dispatch-heading"><h2 id="dispatch-heading">${escapeHtml(pick(lang, text('精准派单', 'Dispatch')))}</h2>` +
    `<div class="two-up">${dispatchOutcomeSvg(data.dispatch, lang)}${unitLoadSvg(data.dispatch, lang)}</div></section>`
  );
}

function eventsSection(data: CityReportData, lang: ReportLanguage): string {
  if (data.events === undefined) return '';
  const { events, onTimeTarget } = data.events;
  return (
    `<section aria-labelledby="events-heading"><h2 id="events-heading">${escapeHtml(pick(lang, text('事件办理', 'Grid events')))}</h2>` +
    `<p class="note">${escapeHtml(pick(lang, text(`共 ${formatCount(events.length)} 件；按期结案 = 结案且未因超时升级。`, `${formatCount(events.length)} events; closed on time = closed without an escalation for a missed deadline.`)))}</p>` +
    `<div class="two-up">${eventFunnelSvg(events, lang)}${onTimeClosureSvg(events, lang, onTimeTarget)}</div></section>`
  );
}

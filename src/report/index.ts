/**
 * `civic-grid/report`: the city report, one self-contained HTML page, and each of its
 * charts as a function returning SVG, for apps that embed only a part.
 * @module
 */
export { renderCityReport } from './render-city-report.js';
export type { CityReportData, CityReportOptions } from './city-report-data.js';
export { kpiTileHtml, formatTarget, formatChange } from './kpi-tiles.js';
export { drillDownTableHtml } from './drill-down-table.js';
export { gridMapSvg, gridBand, gridBandLabel, type GridBand } from './grid-map.js';
export { gridShapes, type GridShape } from './grid-shapes.js';
export { dispatchOutcomeSvg, unitLoadSvg, type DispatchReportData } from './dispatch-charts.js';
export { eventFunnelSvg, onTimeClosureSvg, closedOnTime } from './event-charts.js';
export { barChartSvg, type Bar, type BarChartOptions } from './bar-chart.js';
export { trendChartSvg, type TrendPoint, type TrendChartOptions } from './line-chart.js';
export { escapeHtml, type ReportLanguage, type ReportPlace } from './report-text.js';

import type { GridEvent } from '../model/grid-event.js';
import type { GridPlan } from '../rules/grids/grid-plan.js';
import type { KpiReport } from '../rules/kpi/report.js';
import type { DispatchReportData } from './dispatch-charts.js';
import type { ReportLanguage, ReportPlace } from './report-text.js';

/**
 * What `renderCityReport` draws: plain data the library computes, every section
 * optional, so an app shows what it has and new modules add a field (and a section)
 * without breaking older callers.
 */
export interface CityReportData {
  /** The city, for the title. */
  city: ReportPlace;
  /** English or pinyin glosses of place names by node id (the hierarchy nodes' `nameEn`), shown with `lang: 'en'`. */
  placeNamesEn?: Readonly<Record<string, string>>;
  /** KPI tiles and the drill-down: the report at the city (`computeKpis(...).report()`), and reports at the districts and streets below it. */
  kpi?: { report: KpiReport; drillDown?: readonly KpiReport[] };
  /** The grid map: a plan (`allocateGrids`) for one community or street, and the place it covers. */
  gridMap?: { place: ReportPlace; plan: Pick<GridPlan, 'grids' | 'basis' | 'metrics'> };
  /** Dispatch: a `matchNeeds` result and the resources it used. */
  dispatch?: DispatchReportData;
  /** Grid events (e.g. a year of `generateEvents`): the funnel by stage and on-time closure. */
  events?: { events: readonly GridEvent[]; onTimeTarget?: number };
}

/** How `renderCityReport` draws: the language, the drill-down's columns and a subtitle. */
export interface CityReportOptions {
  /** zh (default) or en: English everywhere but place names, which keep their Chinese with a gloss. */
  lang?: ReportLanguage;
  /** The KPI figures shown as drill-down columns (default: the first four that have children). */
  drillDownFigures?: readonly string[];
  /** A line under the title, e.g. the seed and the period. */
  subtitle?: string;
}

import { LEVEL_LABELS, type Level } from '../model/level.js';
import type { KpiNodeFigure, KpiReport } from '../rules/kpi/report.js';
import { KPI_STATUS_LABELS } from '../rules/kpi/targets.js';
import { escapeHtml, pick, placeName, type ReportLanguage, text } from './report-text.js';

interface Row {
  nodeId: string;
  name: string;
  level: Level;
  depth: number;
  cells: Pick<KpiNodeFigure, 'display' | 'status'>[];
}

/**
 * The drill-down as one real table: the city, then each district, its streets and
 * their communities, one row each, indented by depth and with the level in its own
 * column. `reports` are KPI reports at nodes below the city (districts, streets): a
 * node's children come from its report, so the table goes as deep as the reports given.
 */
export function drillDownTableHtml(input: {
  city: KpiReport;
  reports: readonly KpiReport[];
  figureIds: readonly string[];
  lang: ReportLanguage;
  namesEn?: Readonly<Record<string, string>> | undefined;
}): string {
  const { city, lang } = input;
  const byNode = new Map(input.reports.map((report) => [report.node.id, report]));
  const figureIds = input.figureIds.filter((id) => city.figures.some((figure) => figure.id === id));
  const columns = figureIds.map((id) => city.figures.find((figure) => figure.id === id)).filter((figure) => figure !== undefined);
  const rows: Row[] = [];
  const visit = (report: KpiReport, depth: number) => {
    const pickCells = (of: KpiReport) => figureIds.map((id) => of.figures.find((figure) => figure.id === id) ?? { display: text('–', '–'), status: 'noData' as const });
    if (depth === 0) rows.push({ nodeId: report.node.id, name: report.node.name, level: report.node.level, depth, cells: pickCells(report) });
    const firstFigure = report.figures[0];
    for (const child of firstFigure?.children ?? []) {
      const cells = figureIds.map((id) => report.figures.find((figure) => figure.id === id)?.children.find((each) => each.nodeId === child.nodeId) ?? { display: text('–', '–'), status: 'noData' as const });
      rows.push({ nodeId: child.nodeId, name: child.name, level: child.level, depth: depth + 1, cells });
      const below = byNode.get(child.nodeId);
      if (below !== undefined) visit(below, depth + 1);
    }
  };
  visit(city, 0);
  const head =
    `<tr><th scope="col">${escapeHtml(pick(lang, text('地区', 'Area')))}</th><th scope="col">${escapeHtml(pick(lang, text('层级', 'Level')))}</th>` +
    columns.map((figure) => `<th scope="col">${escapeHtml(pick(lang, figure.label))}</th>`).join('') +
    `</tr>`;
  const body = rows
    .map((row) => {
      const name = placeName(lang, { name: row.name, nameEn: input.namesEn?.[row.nodeId] });
      const cells = row.cells
        .map((cell) => `<td class="status-${cell.status}">${escapeHtml(pick(lang, cell.display))}<span class="cell-status"> ${escapeHtml(pick(lang, KPI_STATUS_LABELS[cell.status]))}</span></td>`)
        .join('');
      return `<tr class="depth-${row.depth}" data-node-id="${escapeHtml(row.nodeId)}"><th scope="row" style="padding-left:${0.5 + row.depth * 1.25}em">${name}</th><td>${escapeHtml(pick(lang, LEVEL_LABELS[row.level]))}</td>${cells}</tr>`;
    })
    .join('');
  return (
    `<table class="drill-down"><caption>${escapeHtml(pick(lang, text('逐级下钻：市 → 区县 → 街道 → 社区', 'Drill-down: city → district → street → community')))}</caption>` +
    `<thead>${head}</thead><tbody>${body}</tbody></table>`
  );
}

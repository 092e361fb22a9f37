/**
 * The report's one style sheet, inline. Colours pass WCAG AA contrast on white; bands
 * and statuses also differ by pattern, mark or word. Printing drops the backgrounds of
 * the page, keeps tiles and charts whole on a page, and shows grey-safe patterns.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #4a5561; --line: #c9d1d9; --good: #1a7f37; --warn: #9a6700; --bad: #b3261e; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #f6f8fa; }
header, main, footer { max-width: 1080px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 24px; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.25em; margin: 32px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1em; margin: 0 0 6px; }
.subtitle, .note, .gloss { color: var(--muted); }
.gloss { font-size: 0.9em; }
section { break-inside: avoid-page; }
.kpi-tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 12px; }
.kpi-tile { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--muted); border-radius: 6px; padding: 12px 14px; break-inside: avoid; }
.kpi-tile.status-met { border-left-color: var(--good); }
.kpi-tile.status-atRisk { border-left-color: var(--warn); }
.kpi-tile.status-missed { border-left-color: var(--bad); }
.kpi-value { font-size: 1.7em; font-weight: 600; margin: 0; }
.kpi-target, .kpi-change, .kpi-formula { margin: 4px 0 0; font-size: 0.9em; }
.kpi-formula { color: var(--muted); font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; font-size: 0.82em; }
.status-met .kpi-status { color: var(--good); } .status-atRisk .kpi-status { color: var(--warn); } .status-missed .kpi-status { color: var(--bad); }
table { border-collapse: collapse; background: #fff; width: 100%; font-size: 0.9em; }
caption { text-align: left; font-weight: 600; padding: 6px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: right; }
th[scope="row"], thead th:first-child { text-align: left; }
tr.depth-0 th, tr.depth-1 th { font-weight: 700; }
tr.depth-1 { background: #eef3f8; }
tr.depth-3 th { font-weight: 400; }
td.status-met .cell-status { color: var(--good); } td.status-atRisk .cell-status { color: var(--warn); } td.status-missed .cell-status { color: var(--bad); }
.cell-status { font-size: 0.8em; color: var(--muted); }
.chart { display: block; max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; }
.chart text { font-size: 12px; fill: var(--ink); }
.bar rect { fill: var(--accent); }
.bar.tone-good rect { fill: var(--good); } .bar.tone-bad rect { fill: var(--bad); } .bar.tone-warn rect { fill: var(--warn); } .bar.tone-neutral rect { fill: var(--accent); }
.axis, .reference { stroke: var(--muted); stroke-width: 1; } .reference { stroke-dasharray: 4 3; }
.trend-line { fill: none; stroke: var(--accent); stroke-width: 2; } .trend-point { fill: var(--accent); }
.grid-shape { stroke: #1b1f24; stroke-width: 1.2; }
.band-within { fill: #b7dfc1; } .band-under { fill: url(#pattern-under); } .band-over { fill: url(#pattern-over); } .band-special { fill: url(#pattern-special); }
.pattern-bg-under { fill: #cfe3f7; } .pattern-bg-over { fill: #f6c8c3; } .pattern-bg-special { fill: #efe2b0; }
.pattern-ink { fill: #1b1f24; opacity: 0.55; } .pattern-stroke { stroke: #1b1f24; stroke-width: 1; opacity: 0.55; }
.grid-shape:hover { stroke-width: 3; }
.building { fill: #1b1f24; opacity: 0.5; }
.grid-label { font-size: 11px; font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; list-style: none; padding: 0; margin: 4px 0; font-size: 0.9em; }
.legend svg { vertical-align: middle; margin-right: 4px; border: 1px solid var(--ink); }
.two-up { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 12px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { color: var(--muted); font-size: 0.85em; padding: 24px 20px; }
@media print {
  body { background: #fff; font-size: 11pt; }
  header, main, footer { max-width: none; padding: 0; }
  .kpi-tiles { grid-template-columns: repeat(3, 1fr); }
  .kpi-tile, .chart, table { border-color: #888; }
  .chart, .kpi-tile, figure { break-inside: avoid; }
  h2 { break-after: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
`;

import type { GridPlan } from '../rules/grids/grid-plan.js';
import { gridShapes } from './grid-shapes.js';
import { escapeHtml, formatCount, pick, type ReportLanguage, text } from './report-text.js';

/** Where a grid stands against the household bounds; special grids (专属网格) have no bounds. */
export type GridBand = 'under' | 'within' | 'over' | 'special';

/** A grid's band: under, within or over the household bounds, or special (a unit's compound, no bounds). */
export function gridBand(grid: { households: number; site?: string | undefined }, bounds: { minHouseholds: number; maxHouseholds: number }): GridBand {
  if (grid.site !== undefined) return 'special';
  if (grid.households < bounds.minHouseholds) return 'under';
  return grid.households > bounds.maxHouseholds ? 'over' : 'within';
}

/** The legend's words for each band, with the bounds filled in. */
export function gridBandLabel(lang: ReportLanguage, band: GridBand, bounds: { minHouseholds: number; maxHouseholds: number }): string {
  const { minHouseholds: min, maxHouseholds: max } = bounds;
  const labels = {
    under: text(`少于 ${min} 户`, `under ${min} households`),
    within: text(`${min}–${max} 户`, `${min}–${max} households`),
    over: text(`多于 ${max} 户`, `over ${max} households`),
    special: text('专属网格（不限户数）', 'special grid (no household bounds)'),
  } as const;
  return pick(lang, labels[band]);
}

const WIDTH = 640;
const PAD = 8;

/**
 * SVG patterns, so bands differ by texture as well as colour (a print in grey, or a
 * reader who does not tell the colours apart, still sees which grid is which).
 */
const PATTERNS =
  `<defs>` +
  `<pattern id="pattern-under" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" class="pattern-bg-under"/><circle cx="4" cy="4" r="1.4" class="pattern-ink"/></pattern>` +
  `<pattern id="pattern-over" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" class="pattern-bg-over"/><rect width="2" height="8" class="pattern-ink"/></pattern>` +
  `<pattern id="pattern-special" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" class="pattern-bg-special"/><path d="M0 0L8 8M8 0L0 8" class="pattern-stroke"/></pattern>` +
  `</defs>`;

/**
 * The grids of one community (or street) as shapes: one `<path class="grid-shape">` per
 * grid, merged from its buildings' Voronoi cells; coloured and patterned by households
 * against the plan's bounds, special grids cross-hatched; each labelled with its code's
 * last digits and its households, with a tooltip naming it in full. North is up.
 */
export function gridMapSvg(plan: Pick<GridPlan, 'grids' | 'basis'>, options: { title: string; lang: ReportLanguage }): string {
  const { lang } = options;
  const shapes = gridShapes(plan);
  const points = shapes.flatMap((shape) => shape.rings.flat());
  const minX = Math.min(...points.map((point) => point[0]));
  const maxX = Math.max(...points.map((point) => point[0]));
  const minY = Math.min(...points.map((point) => point[1]));
  const maxY = Math.max(...points.map((point) => point[1]));
  const scale = (WIDTH - 2 * PAD) / Math.max(1, maxX - minX, maxY - minY);
  const height = Math.ceil((maxY - minY) * scale + 2 * PAD);
  const sx = (x: number) => (PAD + (x - minX) * scale).toFixed(1);
  // y grows northwards in the plan and downwards in SVG.
  const sy = (y: number) => (PAD + (maxY - y) * scale).toFixed(1);
  const gridOf = new Map(plan.grids.map((grid) => [grid.code, grid]));
  const bounds = plan.basis;
  const paths = shapes.map((shape) => {
    const grid = gridOf.get(shape.code);
    if (grid === undefined) return '';
    const band = gridBand(grid, bounds);
    const d = shape.rings.map((ring) => `M${ring.map(([x, y]) => `${sx(x)} ${sy(y)}`).join('L')}Z`).join('');
    const tip = `${grid.code}: ${formatCount(grid.households)} ${pick(lang, text('户', 'households'))} (${gridBandLabel(lang, band, bounds)})`;
    return `<path class="grid-shape band-${band}" data-grid-code="${escapeHtml(grid.code)}" fill-rule="evenodd" d="${d}"><title>${escapeHtml(tip)}</title></path>`;
  });
  const labels = plan.grids.map((grid) => {
    const x = sx(grid.centroid.x);
    const y = Number(sy(grid.centroid.y));
    const mark = grid.site === undefined ? '' : pick(lang, text('专 ', 'S '));
    return (
      `<text class="grid-label" x="${x}" y="${(y - 2).toFixed(1)}" text-anchor="middle">${escapeHtml(mark + shortCode(grid.code))}</text>` +
      `<text class="grid-label grid-households" x="${x}" y="${(y + 10).toFixed(1)}" text-anchor="middle">${formatCount(grid.households)}</text>`
    );
  });
  const buildings = plan.basis.buildings.map((building) => `<circle class="building" cx="${sx(building.x)}" cy="${sy(building.y)}" r="1.2"/>`);
  return (
    `<svg class="chart grid-map" role="img" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${escapeHtml(options.title)}</title>${PATTERNS}<g class="grid-shapes">${paths.join('')}</g><g class="buildings" aria-hidden="true">${buildings.join('')}</g>` +
    `<g class="grid-labels" aria-hidden="true">${labels.join('')}</g></svg>`
  );
}

/** The sequence at the end of a grid code (a 12-digit community code plus the grid's number), for a label that fits. */
function shortCode(code: string): string {
  return code.length > 4 ? `…${code.slice(-3)}` : code;
}

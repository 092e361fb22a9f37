import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import { type CsvOptions, csvText, readCsvRows } from '../text/csv-text.js';
import { crossFieldIssues, GridBuildingSchema, looksLikeDegrees } from './grid-input.js';
import type { GridBuilding } from './grid-plan.js';

/** Every column a buildings CSV may have: x,y in metres or lng,lat (lon,lat) in degrees. */
export const BUILDINGS_CSV_COLUMNS = ['id', 'households', 'x', 'y', 'lng', 'lon', 'lat', 'site'] as const;

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS = 6_371_008.8;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SUBJECT = 'buildings CSV';

/**
 * Reads the buildings `allocateGrids` takes from CSV: columns `id`,
 * `households` (a whole number), `x,y` (metres on a local plane) or `lng,lat`
 * / `lon,lat` (degrees), and optionally `site` (empty = none). Longitude and
 * latitude are projected to metres east and north of their centroid
 * (equirectangular: an east-west distance is off by about tan(latitude) times
 * the points' north-south offset from the centroid in radians, 0.25% for a
 * city 20 km across at 35° N; fine for a city, not for a province). Every problem is reported with [line, column]; x,y that are
 * plainly degrees are refused. Bytes are decoded strictly in `encoding`.
 */
export function parseBuildingsCsv(text: string | Uint8Array, options: CsvOptions = {}): GridBuilding[] {
  const { header, rows } = readCsvRows(csvText(text, options, SUBJECT), SUBJECT, { trim: true });
  const degrees = header.includes('lat');
  const lngColumn = header.includes('lng') ? 'lng' : 'lon';
  const headerIssues = headerProblems(header);
  if (headerIssues.length > 0) throw CivicGridError.validation(SUBJECT, headerIssues);

  const [xColumn, yColumn] = degrees ? [lngColumn, 'lat'] : ['x', 'y'];
  const issues: Issue[] = [];
  const buildings: GridBuilding[] = [];
  for (const { record, info } of rows) {
    const at = (column: string, message: string) => issues.push(atLine(info.lines, column, message));
    const numbers = new Map<string, number>();
    for (const column of ['households', xColumn, yColumn]) {
      const value = record[column] ?? '';
      if (DECIMAL.test(value)) numbers.set(column, Number(value));
      else at(column, value === '' ? 'missing: expected a number' : `expected a number, got "${value}"`);
    }
    const x = numbers.get(xColumn);
    const y = numbers.get(yColumn);
    if (degrees && x !== undefined && Math.abs(x) > 180) at(xColumn, `longitude ${x} is outside -180 to 180`);
    if (degrees && y !== undefined && Math.abs(y) > 90) at(yColumn, `latitude ${y} is outside -90 to 90`);
    const site = record.site ?? '';
    const candidate = { id: record.id ?? '', households: numbers.get('households') ?? 0, x: x ?? 0, y: y ?? 0, ...(site === '' ? {} : { site }) };
    const result = GridBuildingSchema.safeParse(candidate);
    if (!result.success) {
      for (const issue of zodIssuesToIssues(result.error)) at(String(issue.path[0] ?? 'id'), issue.message);
    }
    buildings.push(candidate);
  }
  const lineOf = (index: number) => rows[index]?.info.lines ?? 0;
  for (const issue of crossFieldIssues({ buildings })) {
    const [, index, column] = issue.path;
    issues.push(atLine(lineOf(index as number), String(column), issue.message));
  }
  if (issues.length > 0) throw CivicGridError.validation(SUBJECT, issues);
  if (degrees) return projectToMetres(buildings);
  if (looksLikeDegrees(buildings)) {
    throw CivicGridError.validation(SUBJECT, [
      {
        path: [1, 'x'],
        message:
          'line 1, columns x, y: every x is within ±180 and every y within ±90, all within 1 of each other: these look like degrees, ' +
          'but x,y are metres. For longitude and latitude, name the columns lng,lat (or lon,lat)',
      },
    ]);
  }
  return buildings;
}

function headerProblems(header: string[]): Issue[] {
  const has = (column: string) => header.includes(column);
  const issues: Issue[] = [];
  const missing = (column: string, message = `missing column "${column}"`) => issues.push({ path: [1, column], message: `line 1: ${message}` });
  for (const column of ['id', 'households']) if (!has(column)) missing(column);
  const metres = has('x') || has('y');
  const degrees = has('lng') || has('lon') || has('lat');
  if (metres && degrees) {
    missing('x', 'give x,y (metres) or lng,lat (degrees), not both');
  } else if (metres) {
    for (const column of ['x', 'y']) if (!has(column)) missing(column);
  } else if (degrees) {
    if (!has('lat')) missing('lat');
    if (!has('lng') && !has('lon')) missing('lng');
    if (has('lng') && has('lon')) missing('lon', 'give lng or lon, not both');
  } else {
    missing('x', 'missing coordinates: columns x,y (metres) or lng,lat (degrees)');
  }
  for (const column of header) {
    if (!(BUILDINGS_CSV_COLUMNS as readonly string[]).includes(column)) {
      issues.push({ path: [1, column], message: `line 1: unknown column "${column}" (the columns are ${BUILDINGS_CSV_COLUMNS.join(', ')})` });
    }
  }
  // A repeated column would silently shadow the first one's values.
  for (const column of header.filter((each, index) => header.indexOf(each) !== index)) issues.push({ path: [1, column], message: `line 1: duplicate column "${column}"` });
  return issues;
}

/** Equirectangular projection around the centroid: x metres east, y metres north. */
function projectToMetres(buildings: GridBuilding[]): GridBuilding[] {
  const lng0 = buildings.reduce((sum, b) => sum + b.x, 0) / buildings.length;
  const lat0 = buildings.reduce((sum, b) => sum + b.y, 0) / buildings.length;
  const radians = Math.PI / 180;
  const east = EARTH_RADIUS * Math.cos(lat0 * radians) * radians;
  const north = EARTH_RADIUS * radians;
  return buildings.map((b) => ({ ...b, x: (b.x - lng0) * east, y: (b.y - lat0) * north }));
}

function atLine(line: number, column: string, message: string): Issue {
  return { path: [line, column], message: `line ${line}, column ${column}: ${message}` };
}

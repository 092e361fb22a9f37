import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import { CivicGridError, formatIssue } from '../../errors/civic-grid-error.js';
import { allocateGrids } from '../../rules/grids/allocate-grids.js';
import type { AllocateGridsInput } from '../../rules/grids/grid-plan.js';
import type { CliIo } from '../run-cli.js';

export const ALLOCATE_USAGE = `usage: civic-grid allocate FILE [--min N] [--max N] [--community-code CODE] [--max-neighbour-distance METRES] [--out FILE]
  FILE is .csv (columns id,households,x,y and optional site) or .json (an array of buildings,
  or { buildings, adjacency?, minHouseholds?, maxHouseholds?, communityCode?, maxNeighbourDistance? }).
  Writes the plan as JSON to stdout or --out; a summary goes to stderr.
`;

/** `civic-grid allocate FILE`: 0 plan written, 1 invalid input, 2 usage error. */
export async function runAllocate(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      min: { type: 'string' },
      max: { type: 'string' },
      'community-code': { type: 'string' },
      'max-neighbour-distance': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const [file, extra] = positionals;
  if (file === undefined || extra !== undefined) {
    io.stderr.write(ALLOCATE_USAGE);
    return 2;
  }
  const numbers: Partial<Record<'minHouseholds' | 'maxHouseholds' | 'maxNeighbourDistance', number>> = {};
  for (const [option, key] of [['min', 'minHouseholds'], ['max', 'maxHouseholds'], ['max-neighbour-distance', 'maxNeighbourDistance']] as const) {
    const text = values[option];
    if (text === undefined) continue;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) {
      io.stderr.write(`civic-grid allocate: --${option} takes a number, got "${text}"\n`);
      return 2;
    }
    numbers[key] = value;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.stderr.write(`civic-grid allocate: cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  try {
    const input: AllocateGridsInput = {
      ...(extname(file).toLowerCase() === '.csv' ? { buildings: buildingsFromCsv(text) } : inputFromJson(text)),
      ...numbers,
      ...(values['community-code'] === undefined ? {} : { communityCode: values['community-code'] }),
    };
    const plan = allocateGrids(input);
    const json = `${JSON.stringify(plan, null, 2)}\n`;
    if (values.out === undefined) io.stdout.write(json);
    else await writeFile(values.out, json, 'utf8');
    const { metrics } = plan;
    io.stderr.write(
      `${plan.grids.length} grids for ${plan.basis.buildings.length} buildings; ${plan.infeasible.length} flagged; ` +
        `out of bounds ${metrics.outOfBounds}, non-contiguous ${metrics.nonContiguous}, mean distance ${metrics.meanDistanceToCentroid.toFixed(1)} m, ` +
        `Polsby-Popper ${metrics.polsbyPopper.toFixed(3)}, edge cut ${(100 * metrics.edgeCutRatio).toFixed(1)}%\n`,
    );
    for (const entry of plan.infeasible) io.stderr.write(`  ${entry.gridCode}: ${entry.reason}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof CivicGridError)) throw error;
    io.stderr.write(`INVALID ${file}: ${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}\n`);
    for (const issue of error.issues) io.stderr.write(`  ${formatIssue(issue)}\n`);
    return 1;
  }
}

/**
 * CSV rows become buildings; numbers stay strings when they are not numbers,
 * so validation names the row and field instead of guessing. An empty site is no site.
 */
function buildingsFromCsv(text: string): AllocateGridsInput['buildings'] {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  } catch (error) {
    throw CivicGridError.validation('buildings CSV', [{ path: [], message: (error as Error).message }], error);
  }
  const numberOf = (value: string | undefined): unknown => (value === undefined || value === '' || !Number.isFinite(Number(value)) ? value : Number(value));
  return rows.map((row) => {
    const building: Record<string, unknown> = { id: row.id, households: numberOf(row.households), x: numberOf(row.x), y: numberOf(row.y) };
    if (row.site !== undefined && row.site !== '') building.site = row.site;
    return building as unknown as AllocateGridsInput['buildings'][number];
  });
}

function inputFromJson(text: string): AllocateGridsInput {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw CivicGridError.validation('buildings JSON', [{ path: [], message: `not JSON: ${(error as Error).message}` }], error);
  }
  if (Array.isArray(json)) return { buildings: json };
  if (typeof json === 'object' && json !== null && Array.isArray((json as { buildings?: unknown }).buildings)) return json as AllocateGridsInput;
  throw CivicGridError.validation('buildings JSON', [{ path: [], message: 'expected an array of buildings or { buildings: [...] }' }]);
}

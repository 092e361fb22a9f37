import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { CivicGridError, formatIssue } from '../../errors/civic-grid-error.js';
import { allocateGrids } from '../../rules/grids/allocate-grids.js';
import { parseBuildingsCsv } from '../../rules/grids/buildings-csv.js';
import type { AllocateGridsInput } from '../../rules/grids/grid-plan.js';
import { HELP_OPTION, parseCommandArgs, UsageError } from '../command-args.js';
import { decodeInputFile, ENCODING_HELP, ENCODING_OPTION, encodingOf, readInputFile } from '../read-input-file.js';
import { createProgress } from '../progress.js';
import type { CliIo } from '../run-cli.js';

export const ALLOCATE_USAGE = `usage: civic-grid allocate FILE [--min N] [--max N] [--community-code CODE] [--max-neighbour-distance METRES] [--out FILE] [--encoding utf-8|gb18030]
  Partitions a community's buildings into grids; writes the plan as JSON to stdout or --out, a summary to stderr.
  FILE is .csv with the columns
    id                a building id
    households        its number of households (a whole number)
    x, y              metres on a local plane (east, north), or instead
    lng, lat          longitude and latitude in degrees (or lon, lat): projected to metres around
                      their centroid (equirectangular, fine at city scale); the plan's x, y are those metres
    site              optional: the unit whose compound it is in (its grid is a special grid)
  or .json: an array of buildings { id, households, x, y, site? } (metres), or
    { buildings, adjacency?, minHouseholds?, maxHouseholds?, communityCode?, maxNeighbourDistance? }.
  --min N, --max N           households per grid (default 300 and 500)
  --community-code CODE      the 12-digit community code the grid codes extend
  --max-neighbour-distance M buildings further apart than M metres are not neighbours
  --out FILE                 write the plan here instead of stdout
  ${ENCODING_HELP}
  Exit codes: 0 plan written, 1 invalid input, 2 usage error.
`;

/** `civic-grid allocate FILE`: 0 plan written, 1 invalid input, 2 usage error. */
export async function runAllocate(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...HELP_OPTION,
      ...ENCODING_OPTION,
      min: { type: 'string' },
      max: { type: 'string' },
      'community-code': { type: 'string' },
      'max-neighbour-distance': { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (values.help === true) {
    io.stdout.write(ALLOCATE_USAGE);
    return 0;
  }
  const [file, extra] = positionals;
  if (file === undefined) throw new UsageError('which file? give one .csv or .json of buildings');
  if (extra !== undefined) throw new UsageError(`one file at a time, got "${file}" and "${extra}"`);
  const numbers: Partial<Record<'minHouseholds' | 'maxHouseholds' | 'maxNeighbourDistance', number>> = {};
  for (const [option, key] of [['min', 'minHouseholds'], ['max', 'maxHouseholds'], ['max-neighbour-distance', 'maxNeighbourDistance']] as const) {
    const text = values[option];
    if (text === undefined) continue;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${option} takes a number, got "${text}"`);
    numbers[key] = value;
  }
  const encoding = encodingOf(values.encoding);
  const bytes = await readInputFile(file);
  try {
    const text = decodeInputFile(bytes, encoding, file);
    const input: AllocateGridsInput = {
      ...(extname(file).toLowerCase() === '.csv' ? { buildings: parseBuildingsCsv(text) } : inputFromJson(text)),
      ...numbers,
      ...(values['community-code'] === undefined ? {} : { communityCode: values['community-code'] }),
    };
    // An empty plan is no answer to "allocate these buildings": most likely the wrong file.
    if (input.buildings.length === 0) throw CivicGridError.validation(file, [{ path: ['buildings'], message: 'no buildings to allocate: the file lists none' }]);
    const progress = createProgress(io.stderr);
    progress.step(`allocating ${input.buildings.length} buildings`);
    const plan = allocateGrids(input);
    progress.done();
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

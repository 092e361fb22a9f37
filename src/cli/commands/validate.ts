import { extname } from 'node:path';
import { CivicGridError, formatIssue } from '../../errors/civic-grid-error.js';
import { LEVELS } from '../../model/level.js';
import { createHierarchy, fromJSON, type Hierarchy } from '../../rules/hierarchy/hierarchy.js';
import { parseHierarchyCsv } from '../../rules/hierarchy/hierarchy-csv.js';
import { HELP_OPTION, parseCommandArgs, UsageError } from '../command-args.js';
import { decodeInputFile, ENCODING_HELP, ENCODING_OPTION, encodingOf, readInputFile } from '../read-input-file.js';
import type { CliIo } from '../run-cli.js';

export const VALIDATE_USAGE = `usage: civic-grid validate FILE [--encoding utf-8|gb18030]
  Checks a hierarchy file and prints every problem, or one line OK.
  FILE is .csv (columns id, level, name, parentId, code) or .json (an array of nodes,
  { nodes: [...] } or the output of Hierarchy.toJSON()).
  ${ENCODING_HELP}
  Exit codes: 0 valid, 1 invalid, 2 usage error.
`;

/** `civic-grid validate FILE`: 0 valid, 1 invalid, 2 usage error. */
export async function runValidate(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs({ args: argv, allowPositionals: true, options: { ...HELP_OPTION, ...ENCODING_OPTION } });
  if (values.help === true) {
    io.stdout.write(VALIDATE_USAGE);
    return 0;
  }
  const [file, extra] = positionals;
  if (file === undefined) throw new UsageError('which file? give one .json or .csv hierarchy');
  if (extra !== undefined) throw new UsageError(`one file at a time, got "${file}" and "${extra}"`);
  const encoding = encodingOf(values.encoding);
  const bytes = await readInputFile(file);
  try {
    const text = decodeInputFile(bytes, encoding, file);
    const hierarchy = extname(file).toLowerCase() === '.csv' ? parseHierarchyCsv(text) : hierarchyFromJsonText(text);
    io.stdout.write(`OK ${file}: ${summary(hierarchy)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof CivicGridError)) throw error;
    io.stdout.write(`INVALID ${file}: ${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}\n`);
    for (const issue of error.issues) io.stdout.write(`  ${formatIssue(issue)}\n`);
    return 1;
  }
}

/** Accepts `toJSON` output, a bare array of nodes, or `{ nodes: [...] }`. */
function hierarchyFromJsonText(text: string): Hierarchy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw CivicGridError.validation('hierarchy JSON', [{ path: [], message: `not JSON: ${(error as Error).message}` }], error);
  }
  if (Array.isArray(json)) return createHierarchy(json);
  if (typeof json === 'object' && json !== null && 'format' in json) return fromJSON(json);
  if (typeof json === 'object' && json !== null && Array.isArray((json as { nodes?: unknown }).nodes)) return createHierarchy((json as { nodes: unknown[] }).nodes);
  throw CivicGridError.validation('hierarchy JSON', [{ path: [], message: 'expected an array of nodes, { nodes: [...] } or the output of Hierarchy.toJSON()' }]);
}

function summary(hierarchy: Hierarchy): string {
  const counts = new Map<string, number>();
  for (const node of hierarchy.nodes()) counts.set(node.level, (counts.get(node.level) ?? 0) + 1);
  const parts = LEVELS.filter((level) => counts.has(level)).map((level) => `${counts.get(level)} ${level}`);
  return `${hierarchy.size} nodes (${parts.join(', ')})`;
}

import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { CivicGridError, formatIssue } from '../../errors/civic-grid-error.js';
import { LEVELS } from '../../model/level.js';
import { createHierarchy, fromJSON, type Hierarchy } from '../../rules/hierarchy/hierarchy.js';
import { parseHierarchyCsv } from '../../rules/hierarchy/hierarchy-csv.js';
import type { CliIo } from '../run-cli.js';

/** `civic-grid validate FILE`: 0 valid, 1 invalid, 2 usage error. */
export async function runValidate(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const [file, extra] = positionals;
  if (file === undefined || extra !== undefined) {
    io.stderr.write('usage: civic-grid validate FILE (a .json or .csv hierarchy)\n');
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.stderr.write(`civic-grid validate: cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  try {
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

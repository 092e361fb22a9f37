import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import { type HierarchyNode, HierarchyNodeSchema } from '../../model/hierarchy-node.js';
import { type CsvOptions, csvText, readCsvRows } from '../text/csv-text.js';
import { Hierarchy } from './hierarchy.js';
import { noteRejectedRow } from './parse-hierarchy-nodes.js';

/** The columns of a hierarchy CSV, in order; `code` and `area` (urban or rural) are optional. */
export const HIERARCHY_CSV_COLUMNS = ['id', 'level', 'name', 'parentId', 'code', 'area'] as const;
const REQUIRED_COLUMNS = ['id', 'level', 'name', 'parentId'] as const;

/**
 * Imports a hierarchy from CSV, one row per node, columns
 * `id, level, name, parentId, code, area` (empty parentId = the root, empty
 * code or area = none; the last two columns may be left out). All or nothing: every bad row is reported, with its path as
 * [line number, column] and the line in the message. Given the file's bytes,
 * decodes them strictly in `encoding` (default UTF-8; 'gb18030' reads GBK).
 */
export function parseHierarchyCsv(text: string | Uint8Array, options: CsvOptions = {}): Hierarchy {
  const csv = csvText(text, options, 'hierarchy CSV');
  const { header, rows } = readCsvRows(csv, 'hierarchy CSV', { trim: false });
  const headerIssues: Issue[] = [
    ...REQUIRED_COLUMNS.filter((column) => !header.includes(column)).map((column) => ({ path: [1, column], message: `line 1: missing column "${column}"` })),
    ...header.filter((column) => !(HIERARCHY_CSV_COLUMNS as readonly string[]).includes(column)).map((column) => ({ path: [1, column], message: `line 1: unknown column "${column}"` })),
    // A repeated column would silently shadow the first one's values.
    ...header.filter((column, index) => header.indexOf(column) !== index).map((column) => ({ path: [1, column], message: `line 1: duplicate column "${column}"` })),
  ];
  if (headerIssues.length > 0) throw CivicGridError.validation('hierarchy CSV', headerIssues);

  // Structural checks run over the rows that pass the schema, so one run reports every problem.
  const nodes: HierarchyNode[] = [];
  const rowOfNode: number[] = [];
  const issues: Issue[] = [];
  const rejected = { ids: new Set<string>(), mayHoldRoot: false };
  rows.forEach(({ record, info }, row) => {
    const candidate = {
      id: record.id,
      level: record.level,
      name: record.name,
      parentId: record.parentId === '' ? null : record.parentId,
      ...(record.code === undefined || record.code === '' ? {} : { code: record.code }),
      ...(record.area === undefined || record.area === '' ? {} : { area: record.area }),
    };
    const result = HierarchyNodeSchema.safeParse(candidate);
    if (result.success) {
      nodes.push(Object.freeze(result.data));
      rowOfNode.push(row);
    } else {
      issues.push(...zodIssuesToIssues(result.error).map((issue) => atLine(info.lines, issue)));
      noteRejectedRow(rejected, candidate);
    }
  });
  const built = Hierarchy.fromValidNodes(nodes, { position: (index) => rowOfNode[index] as number, rejected });
  if (!Array.isArray(built) && issues.length === 0) return built;
  const lineOf = (row: number) => rows[row]?.info.lines ?? 0;
  for (const issue of Array.isArray(built) ? built : []) {
    const [row, ...rest] = issue.path;
    issues.push(typeof row === 'number' ? atLine(lineOf(row), { path: rest, message: issue.message }) : issue);
  }
  throw CivicGridError.validation('hierarchy CSV', issues);
}

/** The hierarchy as CSV, parents before children; `parseHierarchyCsv` reads it back. The `area` column is written when a node has one. */
export function hierarchyToCsv(hierarchy: Hierarchy): string {
  const nodes = hierarchy.nodes();
  const withArea = nodes.some((node) => node.area !== undefined);
  const lines = [HIERARCHY_CSV_COLUMNS.slice(0, withArea ? 6 : 5).join(',')];
  for (const node of nodes) {
    const fields = [node.id, node.level, node.name, node.parentId ?? '', node.code ?? '', ...(withArea ? [node.area ?? ''] : [])];
    lines.push(fields.map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function atLine(line: number, issue: Issue): Issue {
  const column = issue.path[0];
  return { path: [line, ...issue.path], message: `line ${line}${column === undefined ? '' : `, column ${String(column)}`}: ${issue.message}` };
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

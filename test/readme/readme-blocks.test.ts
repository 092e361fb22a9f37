import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterEach, describe, expect, it, vi } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const workDir = join(root, '.tmp', 'readme-blocks');

interface ReadmeBlock {
  /** The info string's tag after "ts": quick-start, city, storage, … or typecheck-only (needs a database or vitest). */
  tag: string;
  line: number;
  code: string;
}

/** Every ```ts block of README.md, verbatim, with its tag and line. */
function readmeBlocks(): ReadmeBlock[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```ts(?: ([\w-]+))?\n([\s\S]*?)^```$/gm)].map((match) => ({
    tag: match[1] ?? '',
    line: readme.slice(0, match.index).split('\n').length,
    code: match[2] ?? '',
  }));
}

const blocks = readmeBlocks();
const fileOf = (block: ReadmeBlock) => join(workDir, `line-${block.line}-${block.tag || 'untagged'}.ts`);

/** The public entry points, mapped to their sources. */
const ENTRY_POINTS: Record<string, string> = {
  'civic-grid': 'src/index.ts',
  'civic-grid/adapters/memory': 'src/adapters/memory/index.ts',
  'civic-grid/adapters/sqlite': 'src/adapters/sqlite/index.ts',
  'civic-grid/adapters/postgres': 'src/adapters/postgres/index.ts',
  'civic-grid/testing': 'src/testing/index.ts',
  'civic-grid/report': 'src/report/index.ts',
};

describe('README code blocks', () => {
  afterEach(() => vi.restoreAllMocks());

  it('every ```ts block is tagged, and the tags name each block once (typecheck-only aside)', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    expect(blocks.filter((block) => block.tag === '').map((block) => block.line)).toEqual([]);
    const tags = blocks.map((block) => block.tag).filter((tag) => tag !== 'typecheck-only');
    expect(new Set(tags).size).toBe(tags.length);
  });

  it('type-check against the public API, all in one program', () => {
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    for (const block of blocks) writeFileSync(fileOf(block), block.code);
    const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile).config as { compilerOptions: object };
    const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
    const paths = Object.fromEntries(Object.entries(ENTRY_POINTS).map(([specifier, file]) => [specifier, [file]]));
    const program = ts.createProgram(blocks.map(fileOf), { ...options, noEmit: true, baseUrl: root, paths });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file === undefined ? '' : `${diagnostic.file.fileName.slice(workDir.length + 1)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1} `;
      return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    });
    expect(problems).toEqual([]);
  }, 240_000); // compiles the whole public API from source: minutes on a loaded 2-core machine

  /** Runs a block with its civic-grid imports pointed at the sources; returns what it logged. */
  async function run(tag: string): Promise<unknown[][]> {
    const block = blocks.find((each) => each.tag === tag);
    if (block === undefined) throw new Error(`README.md has no \`\`\`ts ${tag} block`);
    mkdirSync(workDir, { recursive: true });
    const code = block.code.replace(/from '(civic-grid[^']*)'/g, (whole, specifier: string) => {
      const file = ENTRY_POINTS[specifier];
      return file === undefined ? whole : `from '${pathToFileURL(join(root, file)).href}'`;
    });
    const file = join(workDir, `run-${tag}.ts`);
    writeFileSync(file, code);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await import(pathToFileURL(file).href);
    return log.mock.calls;
  }

  it('quick-start: runs and prints what its comments say', async () => {
    const lines = await run('quick-start');
    // Two problems from the bad batch, then the summary line.
    expect(lines).toHaveLength(3);
    expect(lines[0]?.[0]).toBe('0.parentId');
    expect(lines[1]?.[0]).toBe('1.code');
    expect(lines[2]).toEqual([['第1网格', '金谷社区', '七一路街道', '王益区', '铜川市'], 'g2', 'g1', '110105********002X', 'street']);
  });

  it('city: imports the CSV, generates Tongchuan with English names and parses a unit', async () => {
    expect(await run('city')).toEqual([[['61020200100101'], 716, 'Wangyi District', 'school']]);
  });

  it('storage: inserts, queries by scope, updates under a version and reads the audit log', async () => {
    expect(await run('storage')).toEqual([[1, 4]]);
  });

  it('kpi-database: the figure comes back from SQLite', async () => {
    expect(await run('kpi-database')).toEqual([[1]]);
  });

  it('kpi-incremental: the projection follows a change through the store, then is dropped', async () => {
    expect(await run('kpi-incremental')).toEqual([[1], [2], [1]]);
  });

  it('kpi-groups: a member past 50 hours over two districts counts at the city only', async () => {
    expect(await run('kpi-groups')).toEqual([[2, 1]]);
  });

  it('memory: opens without writing a file', async () => {
    expect(await run('memory')).toEqual([]);
  });

  it('dispatch: matchNeeds keeps the locked pair and dispatch records the new one as a proposed claim', async () => {
    const [matched, claims] = await run('dispatch');
    const [pairs, reasons] = matched as [[string, boolean][], string[]];
    expect(pairs).toHaveLength(2);
    expect(pairs[0]).toEqual(['n1', true]);
    expect(['n2', 'n3']).toContain(pairs[1]?.[0]);
    expect(pairs[1]?.[1]).toBe(false);
    expect(reasons).toEqual(['all-compatible-full']);
    expect(claims).toEqual([['proposed']]);
  });

  it('dispatch-rounds: a second round keeps the accepted claim and fills the place a withdrawal freed', async () => {
    expect(await run('dispatch-rounds')).toEqual([[['n3'], []]]);
  });

  it('dispatch-session: a change re-solves to the optimum, with a certificate that verifies', async () => {
    expect(await run('dispatch-session')).toEqual([
      [[1, 0, 1], 9],
      [[0, -1, -1, 1], 2, 11, true],
    ]);
  });

  it('permissions: a grid worker sees the grid masked, reveals with a logged purpose', async () => {
    expect(await run('permissions')).toEqual([[['***']], ['张三 13812341234 needs a home visit'], [[['w-1', 'home visit']]], ['***'], [['phone']]]);
  });

  it('permissions-policy: a policy as data shows one field plain, and a record saved back as shown is refused', async () => {
    expect(await run('permissions-policy')).toEqual([['王**', '13912345678', [{ name: '李*' }]], [[['name'], ['companions', 0, 'name']]]]);
  });

  it('contact-points: the uncovered community, the short point, the proposal and the committee breach', async () => {
    expect(await run('contact-points')).toEqual([
      [['yg'], [3]],
      [[['zhang', 'yg', true]]],
      [[['too-few-part-time']]],
    ]);
  });

  it('party-building-store: the meeting held over an unanswered question is refused; the community short of its organisation target', async () => {
    expect(await run('party-building-store')).toEqual([['VALIDATION_FAILED'], [[['jg', 1, 9]]]]);
  });

  it('working-time-calendar: two working days from 30 September land after the National Day week', async () => {
    expect(await run('working-time-calendar')).toEqual([['2026-10-09T02:00:00.000Z'], [22.5]]);
  });

  it('grid-events: Friday 16:00 plus one working day is the make-up Saturday 16:00', async () => {
    expect(await run('grid-events')).toEqual([['2026-02-14T08:00:00.000Z']]);
  });

  it('wishes: the second open wish of a household is refused at verification', async () => {
    expect(await run('wishes')).toEqual([['claimed', ['wish', 'householdId']]]);
  });

  it('grid-events-store: an overdue event escalates to the community once', async () => {
    expect(await run('grid-events-store')).toEqual([[[{ type: 'escalated', fromLevel: 0, toLevel: 1, to: 'community' }], 0]]);
  });

  it('members: points earned by service, a redemption, the ledger refusing to go negative, the grade cap', async () => {
    expect(await run('members')).toEqual([[0.5, 'CONFLICT'], ['basicallyQualified']]);
  });

  it('grid-event-kpis: a dispute handled within its limit is closed on time, after 8 working hours', async () => {
    expect(await run('grid-event-kpis')).toEqual([[1, 8]]);
  });

  it('report: one map shape per grid, and no script', async () => {
    const [[grids, shapes, script]] = (await run('report')) as [[number, number, boolean]];
    expect(grids).toBeGreaterThan(1);
    expect(shapes).toBe(grids);
    expect(script).toBe(false);
  });
});

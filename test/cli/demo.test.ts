import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteAdapter } from '../../src/adapters/sqlite/index.js';
import { DEMO_KINDS } from '../../src/cli/demo/storage-section.js';
import { runCli } from '../../src/cli/run-cli.js';
import { createStore, EACH, type PathStep, personalFieldsOf } from '../../src/index.js';
import { queryAll } from '../../src/services/query-all.js';
import { captureIo } from '../support/capture-io.js';

// Run in an empty temp dir: the demo must leave it empty (no store file unless --store FILE).
const workDir = mkdtempSync(join(tmpdir(), 'civic-grid-demo-'));
// The JSON run stores into a SQLite file elsewhere, so the personal-data check can read back what it stored.
const storeDir = mkdtempSync(join(tmpdir(), 'civic-grid-demo-store-'));
const storeFile = join(storeDir, 'demo.sqlite');
const repoDir = process.cwd();
beforeAll(() => process.chdir(workDir));
afterAll(() => {
  process.chdir(repoDir);
  rmSync(workDir, { recursive: true, force: true });
  rmSync(storeDir, { recursive: true, force: true });
});

const CJK = /[\u3000-\u9fff\uff00-\uffef]/u;

/** One `--lang en --json --db FILE` run, shared by the tests that read the JSON report (a demo run takes seconds). */
let jsonRun: Promise<{ code: number; out: string }> | undefined;
function runJson() {
  jsonRun ??= (async () => {
    const io = captureIo();
    const code = await runCli(['demo', '--lang', 'en', '--json', '--db', storeFile], io);
    return { code, out: io.out() };
  })();
  return jsonRun;
}

// Each demo run takes seconds, and minutes on a loaded machine: the first test to ask for the shared run waits for it.
describe('civic-grid demo', { timeout: 300_000 }, () => {
  it('--lang en --json prints a JSON report with the hierarchy counts of Tongchuan', async () => {
    const { code, out } = await runJson();
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.hierarchy).toMatchObject({
      seed: 2020,
      counts: { city: 1, district: 4, street: 18, community: 72, grid: 1206, household: 0 },
      units: 716,
    });
    expect(report.hierarchy.counts.building).toBeGreaterThan(1206);
    expect(report.hierarchy.counts.households).toBeGreaterThan(1206 * 300);
    expect(report.hierarchy.sampleBranch.map((node: { level: string }) => node.level)).toEqual(['city', 'district', 'street', 'community', 'grid', 'building']);
    expect(report.hierarchy.sampleBranch[1]).toMatchObject({ code: '610202', name: '王益区', nameEn: 'Wangyi District' });
  });

  it('the sections agree: the KPIs are computed over exactly what dispatch wrote to the store', async () => {
    const { grids, matching, kpi } = JSON.parse((await runJson()).out);
    expect(grids.currentGrids).toBe(1206);
    expect(matching.stored).toMatchObject({ reused: false, needs: kpi.stored.need, claims: kpi.stored.claim, projects: kpi.stored.project });
    // Every open need is either matched (a new accepted claim) or unmatched, and the store holds both.
    const unmatched = Object.values(matching.unmatchedByReason as Record<string, number>).reduce((sum, count) => sum + count, 0);
    expect(matching.matched + unmatched).toBe(matching.open);
    const taken = kpi.report.figures.find((figure: { id: string }) => figure.id === 'claims.taken');
    // Claims taken this year include every claim this dispatch made.
    expect(taken.value.value).toBeGreaterThanOrEqual(matching.matched);
  });

  it("the party-building season reads the seed's figures through the KPI engine, in its own section and on the dashboard alike", async () => {
    const { partyBuilding, kpi } = JSON.parse((await runJson()).out);
    expect(partyBuilding.reused).toBe(false);
    expect(partyBuilding.meetingsHeld).toBeGreaterThan(180);
    expect([partyBuilding.mattersSettled, partyBuilding.matterCategories]).toEqual([36, 5]);
    expect(partyBuilding.contactPoints).toBeGreaterThan(300);
    expect([partyBuilding.communityCoverage, partyBuilding.uncoveredCommunities]).toEqual([1, 0]);
    expect(partyBuilding.partTimeMembers).toBe(48);
    expect(partyBuilding.organisationsWangyi).toBeGreaterThan(170);
    expect(partyBuilding.overdueReportRefused).toBe(partyBuilding.tasksOverdue > 0 ? 'VALIDATION_FAILED cause, remedy' : null);
    // 191号 by the KPI on the dashboard too: every one of the 72 communities judged, the rural ones by their node's area.
    const target = kpi.report.figures.find((figure: { id: string }) => figure.id === 'organisations.communitiesMeetingTarget').value;
    expect(target.denominator).toBe(72);
    expect(target.denominator - target.numerator).toBe(partyBuilding.communitiesShortOfTarget);
    const dashboard = (id: string) => kpi.report.figures.find((figure: { id: string }) => figure.id === id).value.value;
    expect([dashboard('meetings.held'), dashboard('meetings.mattersSettled'), dashboard('contactPoints.held'), dashboard('committee.partTimeMembers')]).toEqual([
      partyBuilding.meetingsHeld,
      partyBuilding.mattersSettled,
      partyBuilding.contactPoints,
      partyBuilding.partTimeMembers,
    ]);
  });

  it('the events section: a Tongchuan year through the state machine, its funnel narrowing stage by stage, KPIs consistent with it', async () => {
    const { events, kpi } = JSON.parse((await runJson()).out);
    expect(events.events).toBe(3000);
    const funnel = Object.values(events.funnel as Record<string, number>);
    expect(funnel[0]).toBe(3000);
    for (let stage = 1; stage < funnel.length; stage++) expect(funnel[stage]).toBeLessThanOrEqual(funnel[stage - 1]!);
    expect(events.onTimeClosureRate.value).toBeCloseTo(events.onTimeClosureRate.closedOnTime / events.onTimeClosureRate.dueToClose, 12);
    expect(events.onTimeClosureRate.dueToClose).toBeLessThanOrEqual(events.funnel.registered);
    expect(events.onTimeClosureRate.closedOnTime).toBeLessThanOrEqual(events.funnel.closed);
    expect(events.timeToCloseWorkingHours.median).toBeLessThanOrEqual(events.timeToCloseWorkingHours.p90);
    expect(events.escalated).toBeGreaterThan(0);
    expect(events.duplicates).toBeGreaterThanOrEqual(events.closedWithOriginal);
    const top = (events.topCategories as { events: number }[]).map((category) => category.events);
    expect(top).toHaveLength(5);
    expect(top).toEqual([...top].sort((a, b) => b - a));
    // The dashboard reads the demo store, which holds no grid events: their KPIs are in this section only.
    expect(kpi.report.figures.some((figure: { id: string }) => figure.id.startsWith('gridEvents.'))).toBe(false);
  });

  it('--lang en prints English names only, explains its figures, says when there is no previous data, and writes no file', async () => {
    const io = captureIo();
    expect(await runCli(['demo', '--lang', 'en'], io)).toBe(0);
    const text = io.out();
    expect(text.split('\n').filter((line) => CJK.test(line))).toEqual([]);
    expect(text).toContain('Wangyi District');
    expect(text).toMatch(/the plan proposes [\d,]+ grids against the hierarchy's current 1,206/);
    expect(text).toMatch(/written to the store: 33,000 needs \(30,000 handled \+ 3,000 open today/);
    expect(text).toContain('Data: every record in the store (the season the dispatch above wrote): 33,000 needs');
    // Projects are signed this year only: last year has none to compare with.
    expect(text).toMatch(/co-construction projects signed: 1,158 .*\(no previous data\)/);
    expect(text).not.toMatch(/co-construction projects signed: .*vs previous/);
    expect(text).toMatch(/needs published: [\d,]+ .*vs previous [+-]/);
    expect(text).toMatch(/Joint meetings: \d+ held, 36 matters settled in 5 categories/);
    expect(text).toMatch(/Contact points: \d+ held by \d+ leaders, 100\.0% of communities covered/);
    expect(text).toContain('== Grid events: 3,000 events (2025, Tongchuan scale) ==');
    expect(text).toMatch(/On-time closure rate: [\d.]+% \([\d,]+ \/ [\d,]+ due to close\)/);
    expect(text).toMatch(/Time to close \(working hours\): median [\d.]+ h, p90 [\d.]+ h/);
    expect(readdirSync(workDir)).toEqual([]);
  });

  it('--lang zh aligns columns with Chinese names by display width', async () => {
    const io = captureIo();
    expect(await runCli(['demo', '--lang', 'zh'], io)).toBe(0);
    const lines = io.out().split('\n');
    const from = lines.findIndex((line) => line.includes('各类需求派单率'));
    const categoryLines = lines.slice(from + 1, from + 11);
    expect(categoryLines.every((line) => / \/ /.test(line))).toBe(true);
    const slashColumns = new Set(categoryLines.map((line) => stringWidth(line.slice(0, line.indexOf(' / ')))));
    expect(slashColumns.size).toBe(1);
    const hierarchyLines = lines.slice(2, 10);
    expect(new Set(hierarchyLines.map((line) => stringWidth(line))).size).toBe(1);
  });

  it('prints one line and exits 1 when the store cannot be opened (regression: a stack trace)', async () => {
    const pgUrl = process.env.CIVIC_GRID_PG_URL;
    const stores = [
      ['--db', join(workDir, 'no', 'such', 'dir', 'x.sqlite')],
      ['--pg', 'postgres://postgres:postgres@127.0.0.1:1/nothing'],
      ...(pgUrl === undefined ? [] : [['--pg', pgUrl.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:wrong-password@')]]),
    ];
    for (const store of stores) {
      const io = captureIo();
      expect(await runCli(['demo', '--lang', 'en', ...store], io)).toBe(1);
      expect(io.err()).toMatch(/^civic-grid demo: [^\n]*adapter[^\n]*\n$/);
      expect(io.err()).not.toContain('wrong-password');
    }
  }, 60_000);

  it('exits 2 for a bad --seed or --lang, before building anything', async () => {
    const seed = captureIo();
    expect(await runCli(['demo', '--seed', 'abc'], seed)).toBe(2);
    expect(seed.err()).toContain('--seed takes an integer, got "abc"');
    const empty = captureIo();
    expect(await runCli(['demo', '--seed', ''], empty)).toBe(2);
    expect(empty.err()).toContain('--seed takes an integer, got ""');
    const lang = captureIo();
    expect(await runCli(['demo', '--lang', 'fr'], lang)).toBe(2);
    expect(lang.err()).toContain('--lang takes zh, en or both, got "fr"');
    expect(seed.out() + lang.out()).toBe('');
  });
});

/** Every string at a declared personal path (one per array element for EACH steps). */
function stringsAt(data: unknown, path: readonly PathStep[]): string[] {
  if (path.length === 0) return typeof data === 'string' ? [data] : [];
  const [step, ...rest] = path;
  if (step === EACH) return Array.isArray(data) ? data.flatMap((element) => stringsAt(element, rest)) : [];
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !Object.hasOwn(data, step as string)) return [];
  return stringsAt((data as Record<string, unknown>)[step as string], rest);
}

function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return (Array.isArray(value) ? value : [...Object.keys(value), ...Object.values(value)]).flatMap(stringLeaves);
}

/**
 * The CLI is an operator's tool: the demo opens the store it fills and reads it
 * whole (no principal), so what it prints must be figures, never records. Every
 * personal value it stored, in every kind of its store, is looked for in the JSON.
 */
describe('civic-grid demo --json prints no personal data', () => {
  it('no value of a declared personal field of any stored record appears in the output', async () => {
    const { code, out } = await runJson();
    expect(code).toBe(0);
    const printed = stringLeaves(JSON.parse(out));

    const store = createStore(await createSqliteAdapter(storeFile), { kinds: DEMO_KINDS });
    const personal = new Set<string>();
    for (const kind of Object.keys(store.kinds) as (keyof typeof DEMO_KINDS)[]) {
      const fields = personalFieldsOf(store.kinds[kind]);
      if (fields.length === 0) continue;
      for (const record of await queryAll(store, kind, { scope: [] })) for (const field of fields) for (const value of stringsAt(record.data, field.path)) personal.add(value);
    }
    await store.close();
    // The season's needs carry requesters and descriptions: the check has something to find.
    expect(personal.size).toBeGreaterThan(1_000);
    const long = [...personal].filter((value) => value.length >= 8);
    const leaked = printed.filter((text) => personal.has(text) || long.some((value) => text.includes(value)));
    expect(leaked).toEqual([]);
  }, 300_000);
});

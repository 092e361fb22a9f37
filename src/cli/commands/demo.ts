import { type GeneratedCity, generateCity } from '../../generate/generate-city.js';
import { createHierarchy, type Hierarchy } from '../../rules/hierarchy/hierarchy.js';
import { eventsSection } from '../demo/events-section.js';
import { gridsSection } from '../demo/grids-section.js';
import { hierarchySection } from '../demo/hierarchy-section.js';
import { kpiSection } from '../demo/kpi-section.js';
import { matchingSection } from '../demo/matching-section.js';
import { membersSection } from '../demo/members-section.js';
import { partyBuildingSection } from '../demo/party-building-section.js';
import { type DemoStoreHandle, storageSection } from '../demo/storage-section.js';
import { wishesSection } from '../demo/wishes-section.js';
import type { DemoSeason } from '../demo/season.js';
import type { MatchNeedsResult } from '../../rules/matching/match-needs.js';
import type { KpiResult } from '../../services/kpi/compute-kpis.js';
import { HELP_OPTION, parseCommandArgs, parseSeed } from '../command-args.js';
import { createProgress } from '../progress.js';
import type { CliIo } from '../run-cli.js';

export const DEMO_USAGE = `usage: civic-grid demo [--seed N] [--lang zh|en|both] [--json] [--store FILE.json | --db FILE.sqlite | --pg URL]
  Builds a Tongchuan-sized city and runs every part of civic-grid on it.
  --seed N          the city's random seed (default 2020)
  --lang zh|en|both the language of the report (default both)
  --json            print the report as JSON (through npm: \`npm run -s demo -- --json\`, as -s keeps npm's own lines off stdout)
  --store FILE.json keep the store as a JSON snapshot in this file (default: in memory, nothing written)
  --db FILE.sqlite  keep the store in this SQLite file
  --pg URL          keep the store in this PostgreSQL database
  Exit codes: 0 done, 1 the store could not be opened or used, 2 usage error.
`;

/** What every demo section sees. Sections run in order and print to `io`. */
export interface DemoContext {
  io: CliIo;
  seed: number;
  lang: 'zh' | 'en' | 'both';
  json: boolean;
  /** Options for the storage sections: a SQLite file or a PostgreSQL URL. */
  db?: string;
  pg?: string;
  /** `--store FILE`: keep the in-memory store as a JSON snapshot in FILE (default: in memory, nothing written). */
  storeFile?: string;
  /** Opened by the storage section; the dispatch section writes the season to it, the KPI section reads it. */
  store?: DemoStoreHandle;
  /** The generated Tongchuan-sized city and its hierarchy. */
  city: GeneratedCity;
  hierarchy: Hierarchy;
  /** Milliseconds spent generating the city and building its hierarchy. */
  timings: { generateMs: number; hierarchyMs: number };
  /** Sections add their results here; `--json` prints it. */
  report: Record<string, unknown>;
  /** The dispatch section's run, for the city report. */
  dispatch?: { result: MatchNeedsResult; season: DemoSeason };
  /** The KPI section's result, for the city report's drill-down. */
  kpis?: KpiResult;
}

export type DemoSection = (context: DemoContext) => Promise<void> | void;

const SECTIONS: readonly DemoSection[] = [hierarchySection, storageSection, gridsSection, matchingSection, membersSection, partyBuildingSection, kpiSection, wishesSection, eventsSection];

/** `civic-grid demo`: builds the Tongchuan-sized city and runs every section on it. */
export async function runDemo(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs({
    args: argv,
    options: {
      ...HELP_OPTION,
      seed: { type: 'string', default: '2020' },
      lang: { type: 'string', default: 'both' },
      json: { type: 'boolean', default: false },
      db: { type: 'string' },
      pg: { type: 'string' },
      store: { type: 'string' },
    },
  });
  if (values.help === true) {
    io.stdout.write(DEMO_USAGE);
    return 0;
  }
  const seed = parseSeed(values.seed);
  if (values.lang !== 'zh' && values.lang !== 'en' && values.lang !== 'both') {
    io.stderr.write(`civic-grid demo: --lang takes zh, en or both, got "${values.lang}"\n`);
    return 2;
  }
  const progress = createProgress(io.stderr, SECTIONS.length + 1);
  progress.step('generating the city');
  const started = performance.now();
  const city = generateCity({ seed, scale: 'tongchuan' });
  const generated = performance.now();
  const hierarchy = createHierarchy(city.nodes);
  const built = performance.now();
  const context: DemoContext = {
    io: { ...io, stdout: progress.clearing(io.stdout) },
    seed,
    lang: values.lang,
    json: values.json,
    ...(values.db === undefined ? {} : { db: values.db }),
    ...(values.pg === undefined ? {} : { pg: values.pg }),
    ...(values.store === undefined ? {} : { storeFile: values.store }),
    city,
    hierarchy,
    timings: { generateMs: generated - started, hierarchyMs: built - generated },
    report: {},
  };
  try {
    for (const section of SECTIONS) {
      progress.step(section.name.replace(/Section$/, ''));
      await section(context);
    }
  } finally {
    progress.done();
    await context.store?.close();
  }
  if (context.json) io.stdout.write(`${JSON.stringify(context.report, null, 2)}\n`);
  return 0;
}

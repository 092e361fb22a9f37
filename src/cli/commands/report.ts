import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { generateCity } from '../../generate/generate-city.js';
import { generateEvents } from '../../generate/generate-events.js';
import { chinaWorkCalendar } from '../../rules/calendar/china-work-calendar.js';
import { TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE } from '../../rules/events/event-catalogues.js';
import { createEventPolicy } from '../../rules/events/event-policy.js';
import { allocateGrids } from '../../rules/grids/allocate-grids.js';
import { createHierarchy } from '../../rules/hierarchy/hierarchy.js';
import type { CityReportData } from '../../report/city-report-data.js';
import { renderCityReport } from '../../report/render-city-report.js';
import { HELP_OPTION, parseCommandArgs, parseSeed, UsageError } from '../command-args.js';
import { toGridBuilding } from '../demo/grids-section.js';
import { DRILL_DOWN, kpiSection } from '../demo/kpi-section.js';
import { matchingSection } from '../demo/matching-section.js';
import { DEMO_AT } from '../demo/season.js';
import { storageSection } from '../demo/storage-section.js';
import { createProgress } from '../progress.js';
import type { CliIo } from '../run-cli.js';
import type { DemoContext } from './demo.js';

export const REPORT_USAGE = `usage: civic-grid report [--seed N] [--db FILE.sqlite | --pg URL] [--lang zh|en] [--community ID] --out FILE.html
  Builds the demo's Tongchuan-sized city, dispatches its open needs, computes its KPIs and a
  year of grid events, and writes the city report: one self-contained HTML page (inline CSS
  and SVG, no script, nothing fetched), to open offline, print or mail.
  --seed N          the city's random seed (default 2020, as the demo)
  --db FILE.sqlite  keep the store in this SQLite file (default: in memory)
  --pg URL          keep the store in this PostgreSQL database
  --lang zh|en      the report's language (default zh); in English place names keep their Chinese, glossed
  --community ID    the community the grid map shows (default: the first street's first community)
  --out FILE.html   where to write the page
  Exit codes: 0 written, 1 the store could not be opened or used, 2 usage error.
`;

/** The year of grid events the report shows: the last full year before the demo's date. */
const EVENTS_YEAR = DEMO_AT.getUTCFullYear() - 1;

/** `civic-grid report`: the demo's city, dispatch and KPIs, drawn as one HTML page. */
export async function runReport(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs({
    args: argv,
    options: {
      ...HELP_OPTION,
      seed: { type: 'string', default: '2020' },
      lang: { type: 'string', default: 'zh' },
      db: { type: 'string' },
      pg: { type: 'string' },
      community: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (values.help === true) {
    io.stdout.write(REPORT_USAGE);
    return 0;
  }
  const seed = parseSeed(values.seed);
  const lang = values.lang;
  if (lang !== 'zh' && lang !== 'en') throw new UsageError(`--lang takes zh or en, got "${lang}"`);
  if (values.out === undefined) throw new UsageError('where to? give --out FILE.html');
  if (values.db !== undefined && values.pg !== undefined) throw new UsageError('one store at a time: --db or --pg');

  const progress = createProgress(io.stderr, 6);
  progress.step('generating the city');
  const city = generateCity({ seed, scale: 'tongchuan' });
  const hierarchy = createHierarchy(city.nodes);
  const community = values.community === undefined ? hierarchy.atLevel('community')[0] : hierarchy.get(values.community);
  if (community === undefined || community === null || community.level !== 'community') throw new UsageError(`--community: no community "${values.community ?? ''}" in the generated city`);

  // The demo's own sections compute the store, the dispatch and the KPIs; with json set they print nothing.
  const context: DemoContext = {
    io,
    seed,
    lang,
    json: true,
    ...(values.db === undefined ? {} : { db: values.db }),
    ...(values.pg === undefined ? {} : { pg: values.pg }),
    city,
    hierarchy,
    timings: { generateMs: 0, hierarchyMs: 0 },
    report: {},
  };
  try {
    progress.step('storing the city');
    await storageSection(context);
    progress.step('dispatching open needs');
    await matchingSection(context);
    progress.step('computing KPIs');
    await kpiSection(context);
  } finally {
    progress.done();
    await context.store?.close();
  }
  const { kpis, dispatch } = context;
  if (kpis === undefined || dispatch === undefined) throw new Error('the demo sections left no KPIs or dispatch');

  progress.step('allocating the map community');
  const plan = allocateGrids({ buildings: city.buildings.filter((building) => building.communityId === community.id).map(toGridBuilding), ...(community.code === undefined ? {} : { communityCode: community.code }) });
  progress.step(`generating ${EVENTS_YEAR}'s grid events`);
  const { events } = generateEvents({ seed, city, policy: createEventPolicy({ catalogue: TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE }), calendar: chinaWorkCalendar(), year: EVENTS_YEAR });
  progress.done();

  const below = [...hierarchy.atLevel('district'), ...hierarchy.atLevel('street')];
  const data: CityReportData = {
    city: { name: city.scale.cityName, nameEn: city.scale.cityNameEn },
    placeNamesEn: Object.fromEntries(city.nodes.flatMap((node) => (node.nameEn === undefined ? [] : [[node.id, node.nameEn]]))),
    kpi: { report: kpis.report(), drillDown: below.map((node) => kpis.report(node.id)) },
    gridMap: { place: community, plan },
    dispatch: { result: dispatch.result, resources: dispatch.season.resources },
    events: { events },
  };
  const started = performance.now();
  const html = renderCityReport(data, { lang, drillDownFigures: DRILL_DOWN, subtitle: `seed ${seed} · ${DEMO_AT.toISOString().slice(0, 10)}` });
  const renderMs = performance.now() - started;
  await mkdir(dirname(values.out), { recursive: true });
  await writeFile(values.out, html, 'utf8');
  io.stdout.write(`wrote ${values.out}: ${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB, rendered in ${renderMs.toFixed(0)} ms\n`);
  return 0;
}

/**
 * Grid events bench (issue 11): `npm run bench:events`.
 * Over a megacity (generateCity 'megacity') with the urban-management catalogue and the China calendar, 2025:
 * (a) transitions per second of transitionEvent, replaying a generated year's command logs;
 * (b) ns per addWorkingTime call; (c) sweepOverdue over 100k open events (target ≤ 200 ms): the events generateEvents
 * returned (checked and frozen: not parsed again), first call and once compiled, the same as plain JSON copies, and the
 * re-sweep after applying;
 * (d) duplicate suggestions for 10k new events against 100k open ones, findDuplicateEventsBulk against
 * the naive scan (findDuplicateEvents per candidate) in the same run (target ≥ 20×). The naive scan
 * parses all open events on every call, so it is timed on an even sample of the candidates
 * (DUP_NAIVE_SAMPLE, default 20) and compared per candidate; the sample's answers are checked equal.
 * Each timed sweep starts after a full garbage collection and EVENTS_GC_SETTLE_MS (default 2,000) idle, for the freeing
 * of that collection's pages to finish; sweeps report CPU time (all threads) beside wall time.
 * Sizes: EVENTS_YEAR (default 100,000), EVENTS_OPEN (100,000), EVENTS_NEW (10,000).
 */
import os from 'node:os';
import v8 from 'node:v8';
import { setTimeout as sleep } from 'node:timers/promises';
import vm from 'node:vm';
import {
  URBAN_MANAGEMENT_CATALOGUE,
  addWorkingTime,
  chinaWorkCalendar,
  createEventPolicy,
  findDuplicateEvents,
  findDuplicateEventsBulk,
  generateCity,
  generateEvents,
  reportEvent,
  sweepOverdue,
  transitionEvent,
  type GridEvent,
} from '../src/index.js';
import { SeededRandom } from '../src/generate/seeded-random.js';

const size = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const YEAR_EVENTS = size('EVENTS_YEAR', 100_000);
const OPEN_EVENTS = size('EVENTS_OPEN', 100_000);
const NEW_EVENTS = size('EVENTS_NEW', 10_000);
const NAIVE_SAMPLE = size('DUP_NAIVE_SAMPLE', 20);
const YEAR = 2025;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
/** CPU ms (user + system, all threads: GC helpers included) since `start`: the machine is shared, so wall time alone misleads. */
const cpuMs = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const fmt = (n: number, digits = 0): string => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

v8.setFlagsFromString('--expose-gc');
const fullCollection = vm.runInNewContext('gc') as () => void;
const SETTLE_MS = size('EVENTS_GC_SETTLE_MS', 2_000);
/**
 * A full collection before each timed sweep, so it is not charged for the garbage of the sections before it, then
 * SETTLE_MS idle: V8 frees the collected pages of the ~0.65 GB heap on helper threads after the pause, and a sweep
 * timed at once waited for that freeing in its scavenges (318 ms compiled with no wait, 182 after 0.8 s, 138 after
 * 1.5 s, 136 after 3 s in one probe). A service sweeping every few minutes has long finished it.
 */
const collectGarbage = async (): Promise<void> => {
  fullCollection();
  await sleep(SETTLE_MS);
};

const calendar = chinaWorkCalendar();
const policy = createEventPolicy({ catalogue: URBAN_MANAGEMENT_CATALOGUE });
let start = process.hrtime.bigint();
const city = generateCity({ seed: 2026, scale: 'megacity' });
const rules = { city, calendar, policy, year: YEAR };
console.log(`node ${process.version}; megacity: ${fmt(city.nodes.length)} nodes, ${fmt(city.buildings.length)} buildings (${fmt(ms(start))} ms); machine shared with other jobs.\n`);

// (a) A year, replayed: reports made first, then only transitionEvent is timed.
start = process.hrtime.bigint();
const year = generateEvents({ seed: 1, ...rules, count: YEAR_EVENTS });
const generatedMs = ms(start);
const reported = year.logs.map((log) => reportEvent(log.report, { at: new Date(log.reportedAt), calendar, policy }).event);
let transitions = 0;
start = process.hrtime.bigint();
year.logs.forEach((log, index) => {
  let event = reported[index] as GridEvent;
  for (const step of log.steps) {
    event = transitionEvent(event, step.command, { at: new Date(step.at), calendar, policy }).event;
    transitions++;
  }
});
const replayMs = ms(start);

// (b) addWorkingTime over 1e6 seeded instants of the year, median of 3 runs after a warm-up.
const CALLS = 1_000_000;
const random = new SeededRandom(11);
const yearStart = Date.UTC(YEAR, 0, 1);
const yearEnd = Date.UTC(YEAR + 1, 0, 1);
const instants = Array.from({ length: CALLS }, () => new Date(yearStart + Math.floor(random.float() * (yearEnd - yearStart - 40 * 86_400_000))));
const amounts = Array.from({ length: CALLS }, (_, i) => (i % 2 === 0 ? { hours: 1 + Math.floor(random.float() * 32) / 4 } : { days: 1 + Math.floor(random.float() * 20) }));
const addRuns: number[] = [];
let checksum = 0;
for (let run = 0; run <= 3; run++) {
  const runStart = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) checksum += addWorkingTime(calendar, instants[i]!, amounts[i]!).getTime();
  if (run > 0) addRuns.push(Number(process.hrtime.bigint() - runStart) / CALLS);
}
if (Number.isNaN(checksum)) throw new Error('unreachable');

// (c) A backlog of open events (reported in the year's last 30 days), swept at the year's end.
start = process.hrtime.bigint();
const backlog = generateEvents({ seed: 2, ...rules, count: OPEN_EVENTS, shares: { open: 1, notRegistered: 0, duplicate: 0 } }).events;
const backlogMs = ms(start);
const sweepAt = new Date(yearEnd - 1);
await collectGarbage();
let cpuStart = process.cpuUsage();
start = process.hrtime.bigint();
const swept = sweepOverdue(backlog, sweepAt, { calendar, policy });
const firstSweepMs = ms(start);
const firstSweepCpuMs = cpuMs(cpuStart);
// The sweep is pure, so sweeping the same backlog again does the same 80k transitions: the steady state of a
// service that sweeps every few minutes, once V8 has compiled the sweep (the first call above also pays for that).
const warmRuns: number[] = [];
const warmCpuRuns: number[] = [];
for (let run = 0; run < 3; run++) {
  await collectGarbage();
  cpuStart = process.cpuUsage();
  start = process.hrtime.bigint();
  if (sweepOverdue(backlog, sweepAt, { calendar, policy }).length !== swept.length) throw new Error('a pure sweep changed its answer');
  warmRuns.push(ms(start));
  warmCpuRuns.push(cpuMs(cpuStart));
}
// The same events as plain JSON (e.g. read from a store): sweepOverdue parses each once at its boundary.
const plainBacklog = backlog.map((event) => structuredClone(event));
await collectGarbage();
cpuStart = process.cpuUsage();
start = process.hrtime.bigint();
sweepOverdue(plainBacklog, sweepAt, { calendar, policy });
const plainSweepMs = ms(start);
const plainSweepCpuMs = cpuMs(cpuStart);
const sweptById = new Map(swept.map((transition) => [transition.eventId, transition.event]));
const upToDate = backlog.map((event) => sweptById.get(event.id) ?? event);
const againRuns: number[] = [];
const againCpuRuns: number[] = [];
let againCount = 0;
for (let run = 0; run < 3; run++) {
  await collectGarbage();
  cpuStart = process.cpuUsage();
  start = process.hrtime.bigint();
  againCount = sweepOverdue(upToDate, sweepAt, { calendar, policy }).length;
  againRuns.push(ms(start));
  againCpuRuns.push(cpuMs(cpuStart));
}

// (d) New reports (other ids) against the backlog.
const fresh = generateEvents({ seed: 3, ...rules, count: NEW_EVENTS, shares: { open: 1, notRegistered: 0, duplicate: 0 } }).logs.map(
  (log) => reportEvent({ ...log.report, id: `new-${log.report.id}` }, { at: new Date(log.reportedAt), calendar, policy }).event,
);
start = process.hrtime.bigint();
const bulk = findDuplicateEventsBulk(fresh, backlog, policy);
const bulkMs = ms(start);
const sample = Array.from({ length: Math.min(NAIVE_SAMPLE, fresh.length) }, (_, i) => Math.floor((i * fresh.length) / Math.min(NAIVE_SAMPLE, fresh.length)));
let disagreements = 0;
start = process.hrtime.bigint();
for (const i of sample) {
  const naive = findDuplicateEvents(fresh[i]!, backlog, policy);
  const ids = (list: { event: GridEvent }[]): string => list.map((s) => s.event.id).join(',');
  if (ids(naive) !== ids(bulk[i]!)) disagreements++;
}
const naiveMs = ms(start);
const withSuggestions = bulk.filter((list) => list.length > 0).length;
const bulkPer = bulkMs / fresh.length;
const naivePer = naiveMs / sample.length;

console.log(`load average (1, 5, 15 min): ${os.loadavg().map((load) => load.toFixed(2)).join(', ')} on ${os.availableParallelism()} cores\n`);
console.log('| measure | figure |');
console.log('| --- | --- |');
console.log(`| (a) generateEvents, ${fmt(YEAR_EVENTS)} events (${fmt(transitions)} transitions) | ${fmt(generatedMs)} ms |`);
console.log(`| (a) transitionEvent replaying that year | ${fmt(transitions / (replayMs / 1000))} transitions/s (${fmt((replayMs * 1000) / transitions, 1)} µs each) |`);
console.log(`| (b) addWorkingTime, half { hours } half { days } (median of 3 × 1e6) | ${fmt(median(addRuns))} ns per call |`);
console.log(`| (c) generateEvents backlog, ${fmt(backlog.length)} open events | ${fmt(backlogMs)} ms |`);
console.log(`| (c) sweepOverdue over ${fmt(backlog.length)} open events at the year's end (${fmt(swept.length)} transitions), first call in the process | ${fmt(firstSweepMs)} ms wall, ${fmt(firstSweepCpuMs)} ms CPU |`);
console.log(`| (c) the same sweep once compiled (median of 3) | ${fmt(median(warmRuns))} ms wall, ${fmt(median(warmCpuRuns))} ms CPU (target ≤ 200) |`);
console.log(`| (c) sweepOverdue over the same events as plain JSON copies (each parsed once) | ${fmt(plainSweepMs)} ms wall, ${fmt(plainSweepCpuMs)} ms CPU |`);
console.log(`| (c) sweepOverdue again after applying (${fmt(againCount)} transitions; median of 3) | ${fmt(median(againRuns))} ms wall, ${fmt(median(againCpuRuns))} ms CPU (target ≤ 200) |`);
console.log(`| (d) findDuplicateEventsBulk, ${fmt(fresh.length)} new against ${fmt(backlog.length)} open (${fmt(withSuggestions)} with suggestions) | ${fmt(bulkMs)} ms (${fmt(bulkPer, 3)} ms per candidate) |`);
console.log(`| (d) naive findDuplicateEvents per candidate, ${fmt(sample.length)} sampled candidates (${disagreements} disagree with bulk) | ${fmt(naiveMs)} ms (${fmt(naivePer, 1)} ms per candidate) |`);
console.log(`| (d) naive / bulk per candidate | ${fmt(naivePer / bulkPer, 1)}× (target ≥ 20×) |`);

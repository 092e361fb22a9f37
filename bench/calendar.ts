/**
 * Working-time calendar bench (issue 11): `npm run bench:calendar`.
 * ns per call of addWorkingTime ({ hours } and { days }) and workingTimeBetween over 1e6
 * seeded random calls on the China preset (2004–2026, Asia/Shanghai), inputs made before
 * timing; the median of 5 runs after one warm-up run. Also the time to build the calendar.
 */
import { SeededRandom } from '../src/generate/seeded-random.js';
import { addWorkingTime, chinaWorkCalendar, createWorkCalendar, workingTimeBetween, type WorkCalendar } from '../src/index.js';

const CALLS = 1_000_000;
const RUNS = 5;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function timeBuild(build: () => WorkCalendar): number {
  const runs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    build();
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(runs);
}

const china = chinaWorkCalendar();
const random = new SeededRandom(11);
const from = Date.UTC(2004, 0, 1);
const to = Date.UTC(2026, 5, 1);
const starts = Array.from({ length: CALLS }, () => new Date(from + Math.floor(random.float() * (to - from))));
const ends = Array.from({ length: CALLS }, () => new Date(from + Math.floor(random.float() * (to - from))));
const hours = Array.from({ length: CALLS }, () => ({ hours: Math.floor(random.float() * 2000) / 4 }));
const days = Array.from({ length: CALLS }, () => ({ days: Math.floor(random.float() * 60) }));

/** ns per call of `call(i)` over the inputs; a checksum keeps the work from being optimised away. */
function nsPerCall(call: (i: number) => number): number {
  const runs: number[] = [];
  let checksum = 0;
  for (let run = 0; run <= RUNS; run++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) checksum += call(i);
    if (run > 0) runs.push(Number(process.hrtime.bigint() - start) / CALLS);
  }
  if (Number.isNaN(checksum)) throw new Error('unreachable');
  return median(runs);
}

console.log(`node ${process.version}, ${CALLS.toLocaleString('en')} calls per run, median of ${RUNS} runs after a warm-up; machine shared with other jobs.\n`);
console.log('| operation | ns per call |');
console.log('| --- | --- |');
console.log(`| addWorkingTime { hours } | ${nsPerCall((i) => addWorkingTime(china, starts[i]!, hours[i]!).getTime()).toFixed(0)} |`);
console.log(`| addWorkingTime { days } | ${nsPerCall((i) => addWorkingTime(china, starts[i]!, days[i]!).getTime()).toFixed(0)} |`);
console.log(`| workingTimeBetween | ${nsPerCall((i) => workingTimeBetween(china, starts[i]!, ends[i]!)).toFixed(0)} |`);
console.log('\n| build | ms |');
console.log('| --- | --- |');
console.log(`| chinaWorkCalendar() (2004–2026) | ${timeBuild(() => chinaWorkCalendar()).toFixed(1)} |`);
console.log(`| chinaWorkCalendar({ assumeWeekdaysOutside: true }) (1970–2100) | ${timeBuild(() => chinaWorkCalendar({ assumeWeekdaysOutside: true })).toFixed(1)} |`);
console.log(`| createWorkCalendar Europe/Berlin, one year | ${timeBuild(() => createWorkCalendar({ timeZone: 'Europe/Berlin', knownYears: { from: 2026, to: 2026 } })).toFixed(1)} |`);

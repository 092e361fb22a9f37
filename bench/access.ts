/**
 * Access bench: the narrowed store (authorizedStore) against the plain store,
 * same SQLite database, same run, interleaved so both see the same data sizes.
 *
 *   npm run bench:access
 *
 * - a community secretary paging through every need of their community
 *   (pass-through scope, each record checked and masked) vs the plain store;
 * - 10,000 guarded inserts by a grid worker into their grid vs 10,000 plain inserts, then 10,000 updates of each
 *   (the entity is validated once, by the plain store, unless a create or update grant has conditions on the data).
 * Times are process CPU time, so other work on a shared machine skews them less than wall time.
 * Env: BENCH_ACCESS_NEEDS (default 20000), BENCH_ACCESS_ROUNDS (default 61). The machine may be shared: the query ratio
 * is the median of the per-round ratios (each round runs both sides back to back)..
 */
import { createSqliteAdapter } from '../src/adapters/sqlite/index.js';
import { createStore, type Store } from '../src/adapters/store.js';
import { authorizedStore } from '../src/access/authorized-store.js';
import { ACCESS_LOG_KINDS } from '../src/access/personal-data-access.js';
import { standardAccessPolicy } from '../src/access/standard-access-policy.js';
import { type Need, NeedSchema } from '../src/model/need.js';

const NEEDS = Number(process.env.BENCH_ACCESS_NEEDS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ACCESS_ROUNDS ?? 61);
const WRITES = 10_000;
const COMMUNITIES = 20;
const GRIDS = 10;
const kinds = { need: NeedSchema, ...ACCESS_LOG_KINDS };
type Kinds = typeof kinds;

const gridPath = (community: number, grid: number): string[] => ['tc', 'wy', 's1', `c${community}`, `c${community}-g${grid}`];

function need(id: string, index: number): Need {
  return {
    id,
    category: 'elderlyCare',
    description: `resident ${index} needs a visit, call 138${String(index).padStart(8, '0')}`,
    locationId: 'g1',
    quantity: 1,
    urgency: 1 + (index % 5),
    requester: { kind: 'household', id: `h-${index}` },
    createdAt: '2026-01-01T00:00:00.000Z',
    status: 'submitted',
  };
}

async function pageAll(store: Store<Kinds>, scope: string[]): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await store.query('need', { scope, limit: 200, ...(cursor === undefined ? {} : { cursor }) });
    count += page.records.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return count;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** CPU time (user + system) in ms: SQLite runs in this process, and CPU time does not count waiting for a shared core. */
async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const store = createStore(await createSqliteAdapter(':memory:'), { kinds });
await store.insertMany(
  'need',
  Array.from({ length: NEEDS }, (_, index) => ({ value: need(`n${index}`, index), scope: gridPath(index % COMMUNITIES, Math.floor(index / COMMUNITIES) % GRIDS) })),
);
const community = ['tc', 'wy', 's1', 'c0'];
const secretary = authorizedStore(store, { id: 'sec-c0', roles: [{ role: 'communitySecretary', scope: community }] }, standardAccessPolicy);
const worker = { id: 'worker-c0-g0', roles: [{ role: 'gridWorker', scope: gridPath(0, 0) }] };
const guarded = authorizedStore(store, worker, standardAccessPolicy);
const plainAsWorker = store.as(worker.id);

const plainQuery: number[] = [];
const narrowedQuery: number[] = [];
let seen = 0;
for (let round = 0; round < ROUNDS; round += 1) {
  plainQuery.push(await timed(async () => (seen = await pageAll(store, community))));
  narrowedQuery.push(await timed(async () => (seen = await pageAll(secretary, community))));
}

// Writes alternate in blocks of 500 so both sides insert into an equally large table.
const BLOCK = 500;
let plainWrites = 0;
let guardedWrites = 0;
for (let block = 0; block < WRITES / BLOCK; block += 1) {
  plainWrites += await timed(async () => {
    for (let index = 0; index < BLOCK; index += 1) await plainAsWorker.insert('need', need(`p${block}-${index}`, index), { scope: gridPath(0, 0) });
  });
  guardedWrites += await timed(async () => {
    for (let index = 0; index < BLOCK; index += 1) await guarded.insert('need', need(`a${block}-${index}`, index), { scope: gridPath(0, 0) });
  });
}

// Guarded updates pay a transaction and a read of the record for the check (the plain store reads it again to write it),
// plus a second schema validation when an update grant has conditions (not the grid worker's); the same 10,000 records each side.
let plainUpdates = 0;
let guardedUpdates = 0;
for (let block = 0; block < WRITES / BLOCK; block += 1) {
  plainUpdates += await timed(async () => {
    for (let index = 0; index < BLOCK; index += 1) await plainAsWorker.update('need', `p${block}-${index}`, { urgency: 5 }, { expectedVersion: 1 });
  });
  guardedUpdates += await timed(async () => {
    for (let index = 0; index < BLOCK; index += 1) await guarded.update('need', `a${block}-${index}`, { urgency: 5 }, { expectedVersion: 1 });
  });
}

const queryRatio = median(narrowedQuery.map((narrowed, round) => narrowed / (plainQuery[round] as number)));
const writeRatio = guardedWrites / plainWrites;
console.log(`needs stored: ${NEEDS}; community query returns ${seen} needs in pages of 200; rounds: ${ROUNDS}`);
console.log(`community query  plain ${median(plainQuery).toFixed(2)} ms  narrowed ${median(narrowedQuery).toFixed(2)} ms  ratio ${queryRatio.toFixed(3)}x (median of per-round ratios; times are medians)`);
console.log(`${WRITES} inserts    plain ${plainWrites.toFixed(0)} ms  guarded ${guardedWrites.toFixed(0)} ms  ratio ${writeRatio.toFixed(3)}x`);
const updateRatio = guardedUpdates / plainUpdates;
console.log(`${WRITES} updates    plain ${plainUpdates.toFixed(0)} ms  guarded ${guardedUpdates.toFixed(0)} ms  ratio ${updateRatio.toFixed(3)}x`);
const verdict = (ratio: number): string => (ratio <= 1.2 ? 'met' : 'NOT met');
console.log(`target <= 1.2x: query ${verdict(queryRatio)}, inserts ${verdict(writeRatio)}, updates ${verdict(updateRatio)}`);
await store.close();

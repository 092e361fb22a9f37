import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { isCivicGridError } from '../../../src/errors/civic-grid-error.js';
import { claimWish, fulfilWish, verifyWish, type WishStore } from '../../../src/services/wishes/index.js';
import { createPostgresAdapter, pgPoolClient, type PostgresClient } from 'civic-grid/adapters/postgres';
import { freshSchema, openPool, PG_URL } from '../../adapters/postgres-setup.js';
import { expectCivicGridErrorAsync } from '../../support/expect-error.js';
import { raceOnSqlAdapters } from '../../support/racing-adapters.js';
import { context, stored, wishStore } from './wish-store-fixtures.js';

const claimBy = (store: WishStore, wishId: string, member: string) => claimWish(store, { ...context, actor: member, wishId, claimant: { kind: 'member', id: member } });

/** Two members claim a one-claimant wish at once: exactly one wins, the other gets CONFLICT naming the winner. */
async function raceForOnePlace(storeA: WishStore, storeB: WishStore): Promise<void> {
  for (const wishId of ['one', 'one/', 'one%_']) {
    await stored(storeA, wishId, { householdId: `hh-${wishId}` }, true);
    const outcomes = await Promise.allSettled([claimBy(storeA, wishId, 'member/a'), claimBy(storeB, wishId, 'member_b')]);
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(isCivicGridError(lost[0]?.reason, 'CONFLICT'), String(lost[0]?.reason)).toBe(true);
    const record = await storeA.getOrThrow('wish', wishId);
    expect(record.data.claimants).toHaveLength(1);
    expect(lost[0]?.reason.message).toContain('is full');
    expect(String(lost[0]?.reason.issues[0]?.message)).toContain(record.data.claimants[0]?.id);
    const updates = (await storeA.readAudit({ kind: 'wish', id: wishId, limit: 10 })).filter((entry) => entry.op === 'update');
    expect(updates.map((entry) => entry.actor).slice(-1)).toEqual([record.data.claimants[0]?.id]);
    expect(record.version).toBe(4);
  }
}

/** Two members claim a wish that allows two: both win. */
async function raceForTwoPlaces(storeA: WishStore, storeB: WishStore): Promise<void> {
  await stored(storeA, 'two', { householdId: 'hh-two', claimantLimit: 2 }, true);
  const outcomes = await Promise.allSettled([claimBy(storeA, 'two', 'member/a'), claimBy(storeB, 'two', 'member_b')]);
  expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
  const record = await storeA.getOrThrow('wish', 'two');
  expect(record.data.claimants.map((claimant) => claimant.id).sort()).toEqual(['member/a', 'member_b']);
  expect(record.data.status).toBe('claimed');
}

/** Two wishes of one household verified at once: exactly one passes; the other is refused by the rule. */
async function raceOneHousehold(storeA: WishStore, storeB: WishStore): Promise<void> {
  for (const household of ['hh/1', 'hh/1/']) {
    const [first, second] = [`${household}-a`, `${household}-b`];
    await stored(storeA, first, { householdId: household });
    await stored(storeA, second, { householdId: household });
    const outcomes = await Promise.allSettled([verifyWish(storeA, { ...context, wishId: first }), verifyWish(storeB, { ...context, wishId: second })]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(isCivicGridError(lost?.reason, 'VALIDATION_FAILED'), String(lost?.reason)).toBe(true);
    expect(lost?.reason.issues[0]?.path).toEqual(['wish', 'householdId']);
    const statuses = await Promise.all([first, second].map(async (id) => (await storeA.getOrThrow('wish', id)).data.status));
    expect(statuses.sort()).toEqual(['collected', 'verified']);
  }
}

async function race(storeA: WishStore, storeB: WishStore): Promise<void> {
  await raceForOnePlace(storeA, storeB);
  await raceForTwoPlaces(storeA, storeB);
  await raceOneHousehold(storeA, storeB);
}

describe('two people acting on wishes at once', () => {
  it('on the memory adapter', async () => {
    const adapter = createMemoryAdapter();
    await race(wishStore(adapter), wishStore(adapter));
  });

  raceOnSqlAdapters('wishes', (adapterA, adapterB) => race(wishStore(adapterA), wishStore(adapterB)));
});

/**
 * The store, except that its first transaction stops right after reading wishes (by `read`), until `gate`
 * opens: a rival can then commit in between, the interleaving a plain race only sometimes produces.
 */
function pausedAfterReading(store: WishStore, read: 'getOrThrow' | 'query', reached: () => void, gate: Promise<void>): WishStore {
  let paused = false;
  const pausingTx = (tx: WishStore): WishStore =>
    new Proxy(tx, {
      get(target, key, receiver) {
        if (key !== read) return Reflect.get(target, key, receiver);
        return async (kind: 'wish', ...rest: unknown[]) => {
          const page = await (target[read] as (...args: unknown[]) => Promise<unknown>)(kind, ...rest);
          if (kind === 'wish' && !paused) {
            paused = true;
            reached();
            await gate;
          }
          return page;
        };
      },
    });
  const wrap = (inner: WishStore): WishStore =>
    new Proxy(inner, {
      get(target, key, receiver) {
        if (key === 'as') return (actor: string) => wrap(target.as(actor));
        if (key === 'transaction') return <T>(fn: (tx: WishStore) => Promise<T>) => target.transaction((tx) => fn(pausingTx(tx)));
        return Reflect.get(target, key, receiver);
      },
    });
  return wrap(store);
}

/**
 * The pool's client without the adapter's writer turns (its advisory lock): transactions then run
 * side by side under READ COMMITTED, as the storage port allows, and only version guards and unique
 * ids keep them apart.
 */
function sideBySide(client: PostgresClient): PostgresClient {
  return {
    withConnection: (fn) =>
      client.withConnection((connection) =>
        fn({ ...connection, query: async (sql, params) => (sql.includes('pg_advisory_xact_lock') && String(params[0]).startsWith('civic-grid write') ? [] : connection.query(sql, params)) }),
      ),
  };
}

function latch() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let reached!: () => void;
  const paused = new Promise<void>((resolve) => (reached = resolve));
  return { paused, gate, open, reached };
}

describe('a rival commits in the middle of a wish operation', () => {
  it.skipIf(PG_URL === undefined)('on a PostgreSQL server, transactions side by side: a paused verification is refused (a new household, one with a record) and a paused claim runs again into the second place', async () => {
    const [poolA, poolB] = [openPool(), openPool()];
    const schema = freshSchema('wishgate');
    try {
      const storeA = wishStore(await createPostgresAdapter({ client: sideBySide(pgPoolClient(poolA)), schema }));
      const storeB = wishStore(await createPostgresAdapter({ client: sideBySide(pgPoolClient(poolB)), schema }));
      // hh/old already has its household record, from a wish delivered before.
      await stored(storeA, 'old', { householdId: 'hh/old' }, true);
      await claimBy(storeA, 'old', 'member/a');
      await fulfilWish(storeA, { ...context, wishId: 'old' });
      for (const household of ['hh/new', 'hh/old']) {
        await stored(storeA, `${household}-a`, { householdId: household });
        await stored(storeA, `${household}-b`, { householdId: household });
        const { paused, gate, open, reached } = latch();
        const late = verifyWish(pausedAfterReading(storeB, 'query', reached, gate), { ...context, wishId: `${household}-b` });
        await paused;
        await verifyWish(storeA, { ...context, wishId: `${household}-a` });
        open();
        const refused = await expectCivicGridErrorAsync(() => late, 'VALIDATION_FAILED');
        expect(refused.issues[0]?.path).toEqual(['wish', 'householdId']);
        expect((await storeA.getOrThrow('wish', `${household}-b`)).data.status).toBe('collected');
      }
      // A claim that read the wish before a rival's claim committed runs again and takes the second place.
      await stored(storeA, 'two', { householdId: 'hh/two', claimantLimit: 2 }, true);
      const { paused, gate, open, reached } = latch();
      const late = claimBy(pausedAfterReading(storeB, 'getOrThrow', reached, gate), 'two', 'member_b');
      await paused;
      await claimBy(storeA, 'two', 'member/a');
      open();
      expect((await late).data.claimants.map((claimant) => claimant.id)).toEqual(['member/a', 'member_b']);
    } finally {
      await poolA.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all([poolA.end(), poolB.end()]);
    }
  });
});

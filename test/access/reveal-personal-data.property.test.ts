import fc from 'fast-check';
import { createSqliteAdapter } from 'civic-grid/adapters/sqlite';
import { describe, expect, it } from 'vitest';
import { CivicGridError, createStore, revealPersonalData, standardAccessPolicy, type StoredRecord } from '../../src/index.js';
import { ACCESS_TEST_KINDS, type AccessTestStore, counterClock } from './access-fixtures.js';
import { oracleAllows, principalArbitrary, seedWorld, worldArbitrary } from './access-world.js';

const FIELDS = { need: ['description', 'requester.id'], resource: ['declines.requesters'] } as const;

async function snapshot(store: AccessTestStore) {
  return { log: (await store.query('personalDataAccess', { scope: [], limit: 1000 })).records, audit: await store.readAudit({ limit: 10_000 }) };
}

describe('revealPersonalData (property)', () => {
  it('returns plain values exactly when read and reveal are granted, logging one entry each time and nothing on refusal (SQLite)', async () => {
    await fc.assert(
      fc.asyncProperty(
        worldArbitrary.chain((world) => fc.record({ world: fc.constant(world), principal: principalArbitrary(world) })),
        async ({ world, principal }) => {
          const adapter = await createSqliteAdapter(':memory:');
          try {
            const store = createStore(adapter, { kinds: ACCESS_TEST_KINDS, clock: counterClock() });
            await seedWorld(store, world);
            for (const record of world.records) {
              const plain = (await store.getOrThrow(record.kind, record.id)) as StoredRecord;
              const allowed = oracleAllows(principal, 'read', record.kind, plain.scope, plain.data) && oracleAllows(principal, 'reveal', record.kind, plain.scope, plain.data);
              const before = await snapshot(store);
              const fields = FIELDS[record.kind];
              const outcome = await revealPersonalData(store, principal, standardAccessPolicy, record.kind, record.id, fields, 'check').then(
                (values) => ({ values }),
                (error: unknown) => ({ error }),
              );
              const after = await snapshot(store);
              if (allowed) {
                expect(outcome).toEqual({
                  values: record.kind === 'need'
                    ? { description: (plain.data as { description: string }).description, 'requester.id': (plain.data as { requester: { id: string } }).requester.id }
                    : { 'declines.requesters': (plain.data as { declines: { requesters: string[] } }).declines.requesters },
                });
                const added = after.log.filter((entry) => !before.log.some((old) => old.id === entry.id));
                expect(added.map((entry) => [entry.data, entry.scope])).toEqual([
                  [{ id: added[0]?.id, actor: principal.id, purpose: 'check', recordKind: record.kind, recordId: record.id, fields: [...fields] }, plain.scope],
                ]);
                expect(after.audit.slice(before.audit.length).map((entry) => [entry.kind, entry.actor])).toEqual([['personalDataAccess', principal.id]]);
              } else {
                const { error } = outcome as { error: unknown };
                expect(error).toBeInstanceOf(CivicGridError);
                expect(['FORBIDDEN', 'NOT_FOUND']).toContain((error as CivicGridError).code);
                expect(after).toEqual(before);
              }
            }
          } finally {
            await adapter.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

import { expect } from 'vitest';
import type { CivicGridError } from '../../errors/civic-grid-error.js';
import { rejection } from '../describe-storage-adapter.js';
import { item, SCOPES, type SuiteStore } from '../fixtures.js';

type ExpectAbsent = (store: SuiteStore, kind: 'item' | 'note', id: string) => Promise<void>;

const auditLine = async (store: SuiteStore): Promise<string[]> => (await store.readAudit({ limit: 100 })).map((entry) => `${entry.op} ${entry.id}`);

const codesOf = (outcomes: readonly PromiseSettledResult<unknown>[]): string[] =>
  outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as CivicGridError).code] : []));

/**
 * The "transaction handles" group: one handle used by several promises at once
 * (Promise.all on `tx`), and a handle kept past its transaction. An adapter
 * that runs a handle's operations interleaved loses updates or lets one
 * sibling's rollback undo another's writes.
 */
export function transactionHandleTests(expectAbsent: ExpectAbsent): Record<string, (store: SuiteStore) => Promise<void>> {
  return {
    'updates racing on one handle: exactly one wins, the rest VERSION_CONFLICT, one audit entry': async (store) => {
      await store.insert('item', item('x'), { scope: SCOPES.g1 });
      await store.insert('item', item('y'), { scope: SCOPES.g1 });
      const [updates, removes] = await store.transaction(async (tx) => [
        await Promise.allSettled([1, 2, 3].map((by) => tx.update('item', 'x', { size: 10 + by }, { expectedVersion: 1 }))),
        await Promise.allSettled([1, 2].map(() => tx.remove('item', 'y', { expectedVersion: 1 }))),
      ]);
      const won = updates.filter((outcome) => outcome.status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect(codesOf(updates)).toEqual(['VERSION_CONFLICT', 'VERSION_CONFLICT']);
      const stored = await store.getOrThrow('item', 'x');
      expect([stored.version, stored.data.size]).toEqual([2, (won[0] as PromiseFulfilledResult<{ data: { size: number } }>).value.data.size]);
      expect(removes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(codesOf(removes)).toEqual(['NOT_FOUND']);
      await expectAbsent(store, 'item', 'y');
      expect(await auditLine(store)).toEqual(['insert x', 'insert y', 'update x', 'remove y']);
    },
    'nested transactions racing on one handle: exactly one update wins, one audit entry': async (store) => {
      await store.insert('item', item('x'), { scope: SCOPES.g1 });
      const outcomes = await store.transaction((tx) =>
        Promise.allSettled([1, 2].map((by) => tx.transaction((nested) => nested.update('item', 'x', { size: 10 + by }, { expectedVersion: 1 })))),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(codesOf(outcomes)).toEqual(['VERSION_CONFLICT']);
      expect((await store.getOrThrow('item', 'x')).version).toBe(2);
      expect(await auditLine(store)).toEqual(['insert x', 'update x']);
    },
    'a nested transaction that throws beside a sibling leaves the sibling committed': async (store) => {
      await store.transaction(async (tx) => {
        await Promise.all([
          tx.transaction(async (nested) => {
            await nested.insert('item', item('a1'), { scope: SCOPES.g1 });
            await nested.insert('item', item('a2'), { scope: SCOPES.g1 });
          }),
          tx
            .transaction(async (nested) => {
              await nested.insert('item', item('b1'), { scope: SCOPES.c2 });
              throw new Error('the sibling fails');
            })
            .catch(() => undefined),
        ]);
      });
      expect((await store.getOrThrow('item', 'a1')).version).toBe(1);
      expect((await store.getOrThrow('item', 'a2')).version).toBe(1);
      await expectAbsent(store, 'item', 'b1');
      expect(await auditLine(store)).toEqual(['insert a1', 'insert a2']);
    },
    'an insertMany failing CONFLICT beside an insert leaves the insert committed': async (store) => {
      await store.insert('item', item('taken'), { scope: SCOPES.g1 });
      const [batch, single] = await store.transaction((tx) =>
        Promise.allSettled([
          tx.insertMany('item', [
            { value: item('e1'), scope: SCOPES.g1 },
            { value: item('taken'), scope: SCOPES.g1 },
          ]),
          tx.insert('item', item('e2'), { scope: SCOPES.c2 }),
        ]),
      );
      expect(codesOf([batch as PromiseSettledResult<unknown>])).toEqual(['CONFLICT']);
      expect(single?.status).toBe('fulfilled');
      expect((await store.getOrThrow('item', 'e2')).scope).toEqual([...SCOPES.c2]);
      await expectAbsent(store, 'item', 'e1');
      expect(await auditLine(store)).toEqual(['insert taken', 'insert e2']);
    },
    'a handle used after its transaction ended is refused and writes nothing': async (store) => {
      await store.insert('item', item('x'), { scope: SCOPES.g1 });
      const kept: { label: string; tx: SuiteStore }[] = [];
      await store.transaction(async (tx) => {
        kept.push({ label: 'committed', tx });
        await tx.insert('item', item('in'), { scope: SCOPES.g1 });
        await tx.transaction(async (nested) => {
          kept.push({ label: 'nested, released', tx: nested });
        });
      });
      await store
        .transaction(async (tx) => {
          kept.push({ label: 'rolled back', tx });
          throw new Error('roll back');
        })
        .catch(() => undefined);
      for (const { label, tx } of kept) {
        const refusals = [
          tx.insert('item', item('late'), { scope: SCOPES.g1 }),
          tx.insertMany('item', [{ value: item('late2'), scope: SCOPES.g1 }]),
          tx.update('item', 'x', { size: 5 }, { expectedVersion: 1 }),
          tx.remove('item', 'x', { expectedVersion: 1 }),
          tx.get('item', 'x'),
          tx.transaction((again) => again.insert('item', item('late3'), { scope: SCOPES.g1 })),
        ];
        for (const refused of refusals) {
          const error = await rejection(refused);
          expect(error.code, `${label}: ${error.message}`).toBe('ADAPTER_FAILURE');
          expect(error.message, label).toMatch(/transaction/);
        }
      }
      for (const id of ['late', 'late2', 'late3']) await expectAbsent(store, 'item', id);
      expect((await store.getOrThrow('item', 'x')).version).toBe(1);
      expect(await auditLine(store)).toEqual(['insert x', 'insert in']);
    },
  };
}

import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AccessPolicy, authorizedStore, createStore, personalData, type StorageAdapter } from '../../src/index.js';
import { expectCivicGridErrorAsync } from '../support/expect-error.js';
import { raceOnSqlAdapters } from '../support/racing-adapters.js';
import { counterClock } from './access-fixtures.js';

const ContactSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1).register(personalData, { kind: 'name' }),
    phone: z.string().min(1).register(personalData, { kind: 'phone' }),
    idNumber: z.string().min(1).register(personalData, { kind: 'idNumber' }).optional(),
    address: z.string().min(1).register(personalData, { kind: 'address' }),
    family: z.array(z.object({ name: z.string().min(1).register(personalData, { kind: 'name' }), relation: z.string() }).strict()),
    note: z.string(),
  })
  .strict();
const KINDS = { contact: ContactSchema };
type Contact = z.infer<typeof ContactSchema>;

const SCOPE = ['c', 's', 'g1'];
const policy: AccessPolicy = {
  rules: [
    { role: 'clerk', actions: ['read', 'update'], kinds: ['contact'] },
    { role: 'phoneClerk', actions: ['read', 'update'], kinds: ['contact'], plain: ['phone'] },
  ],
};
const clerk = { id: 'clerk-1', roles: [{ role: 'clerk', scope: SCOPE }] };
const phoneClerk = { id: 'clerk-2', roles: [{ role: 'phoneClerk', scope: SCOPE }] };

const real: Contact = {
  id: 'p1',
  name: '张三丰',
  phone: '13812341234',
  idNumber: '11010519491231002X',
  address: '王益区红旗街5号楼2单元301',
  family: [
    { name: '李四', relation: 'spouse' },
    { name: '王五', relation: 'child' },
  ],
  note: 'first visit',
};

async function checkWriteBack(adapter: StorageAdapter): Promise<void> {
  const store = createStore(adapter, { kinds: KINDS, clock: counterClock() });
  await store.insert('contact', real, { scope: SCOPE });
  const view = authorizedStore(store, clerk, policy);
  const shown = (await view.getOrThrow('contact', 'p1')).data;
  expect(shown).toMatchObject({ name: '张**', phone: '138****1234', idNumber: '110105********002X', address: '王益区红旗街5号楼***' });
  const before = { record: await store.getOrThrow('contact', 'p1'), audit: await store.readAudit({ limit: 100 }) };

  // The whole record as shown, saved back: every masked field is named, nothing is written.
  const whole = await expectCivicGridErrorAsync(() => view.update('contact', 'p1', { ...shown, note: 'second visit' }, { expectedVersion: 1 }), 'VALIDATION_FAILED');
  expect(whole.issues.map((issue) => issue.path)).toEqual([['name'], ['phone'], ['idNumber'], ['address'], ['family', 0, 'name'], ['family', 1, 'name']]);
  // One field alone, and one masked array element among real ones (the list reordered).
  const phone = await expectCivicGridErrorAsync(() => view.update('contact', 'p1', { phone: '138****1234' }, { expectedVersion: 1 }), 'VALIDATION_FAILED');
  expect(phone.issues.map((issue) => issue.path)).toEqual([['phone']]);
  const family = await expectCivicGridErrorAsync(
    () => view.update('contact', 'p1', { family: [{ name: '赵六', relation: 'child' }, { name: '李*', relation: 'spouse' }] }, { expectedVersion: 1 }),
    'VALIDATION_FAILED',
  );
  expect(family.issues.map((issue) => issue.path)).toEqual([['family', 1, 'name']]);
  expect({ record: await store.getOrThrow('contact', 'p1'), audit: await store.readAudit({ limit: 100 }) }).toEqual(before);

  // Real values, and the ones the principal did not touch, are written as given.
  await view.update('contact', 'p1', { phone: '13900001111', note: 'new phone', family: [...real.family, { name: '孙七', relation: 'child' }] }, { expectedVersion: 1 });
  const after = (await store.getOrThrow('contact', 'p1')).data;
  expect(after).toEqual({ ...real, phone: '13900001111', note: 'new phone', family: [...real.family, { name: '孙七', relation: 'child' }] });

  // A field the principal sees plain is written back as it reads it: no change, no refusal.
  const plainView = authorizedStore(store, phoneClerk, policy);
  const seen = (await plainView.getOrThrow('contact', 'p1')).data;
  expect(seen.phone).toBe('13900001111');
  await plainView.update('contact', 'p1', { phone: seen.phone, note: 'checked' }, { expectedVersion: 2 });
  await expectCivicGridErrorAsync(() => plainView.update('contact', 'p1', { name: seen.name }, { expectedVersion: 3 }), 'VALIDATION_FAILED');
  expect((await store.getOrThrow('contact', 'p1')).data).toEqual({ ...after, note: 'checked' });
}

describe('authorizedStore refuses a masked value written back over the real one', () => {
  it('on the memory adapter', async () => {
    await checkWriteBack(createMemoryAdapter());
  });

  // One adapter each on SQLite (a file), PGlite and a PostgreSQL server: the check needs no second worker.
  raceOnSqlAdapters('writeback', (adapter) => checkWriteBack(adapter));
});

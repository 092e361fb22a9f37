// Type tests, compiled by TypeScript 5 and 7 (test/types/compilers.test.ts): each
// expect-error directive must meet an error, or the compiler reports it unused.
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { CLAIMING_KINDS, type ClaimingStore, ClaimSchema, claimNeed, createStore, type KindSchemas, ProjectSchema, ResourceSchema, type Store, UnitSchema } from '../../src/index.js';

const adapter = createMemoryAdapter();
const at = new Date();
const input = { needId: 'n', unitId: 'u', actor: 'a', at };

// A store missing a kind the claiming operations read fails at compile time, not at run time.
const withoutNeed = createStore(adapter, { kinds: { resource: ResourceSchema, claim: ClaimSchema, project: ProjectSchema } });
// @ts-expect-error the store has no `need` kind
void claimNeed(withoutNeed, input);
// @ts-expect-error the store has no `need` kind
export const notClaiming: ClaimingStore = withoutNeed;
// @ts-expect-error a store of other kinds altogether
export const otherKinds: Store<typeof CLAIMING_KINDS> = createStore(adapter, { kinds: { unit: UnitSchema } });

// A store with the claiming kinds and more is a claiming store.
const wider = createStore(adapter, { kinds: { ...CLAIMING_KINDS, unit: UnitSchema } });
void claimNeed(wider, input);
void wider.transaction(async (tx) => claimNeed(tx, input));
void claimNeed(wider.as('someone'), input);

// Every store is a store of some kinds.
export const anyKinds: Store<KindSchemas> = wider;

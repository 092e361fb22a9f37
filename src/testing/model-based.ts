import fc from 'fast-check';
import { expect } from 'vitest';
import { CivicGridError } from '../errors/civic-grid-error.js';
import type { StorageAdapter } from '../adapters/port.js';
import { item, SCOPE_LIST, suiteStore, type SuiteStore } from './fixtures.js';

/** What a step produced: its value, or the code of the CivicGridError it threw. */
type Outcome = { value: unknown } | { error: string };

async function outcomeOf(step: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await step() };
  } catch (error) {
    if (error instanceof CivicGridError) return { error: error.code };
    if (error instanceof Error && error.message === ROLLBACK) return { error: ROLLBACK };
    throw error;
  }
}

const ROLLBACK = 'model-based test: planned rollback';

interface World {
  subject: SuiteStore;
  reference: SuiteStore;
}

/** One step of a command sequence, run on both stores; their outcomes must be equal. */
class Step {
  constructor(
    readonly label: string,
    readonly run: (store: SuiteStore) => Promise<unknown>,
  ) {}

  toString(): string {
    return this.label;
  }
}

class CompareStep implements fc.AsyncCommand<World, World> {
  constructor(readonly step: Step) {}

  check(): boolean {
    return true;
  }

  async run(_model: World, world: World): Promise<void> {
    const expected = await outcomeOf(() => this.step.run(world.reference));
    const actual = await outcomeOf(() => this.step.run(world.subject));
    expect(actual, this.step.label).toEqual(expected);
  }

  toString(): string {
    return this.step.label;
  }
}

const idArb = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const scopeArb = fc.constantFrom(...SCOPE_LIST);
const scopeNameOf = (scope: readonly string[]): string => scope.join('/') || '(all)';
const valueArb = fc.record({
  size: fc.integer({ min: -1, max: 3 }),
  tag: fc.constantFrom('a' as const, 'b' as const, null),
});
/** Version to expect: the stored one (usually succeeds) or a fixed, probably stale, one. */
const versionArb = fc.oneof(fc.constant('current' as const), fc.integer({ min: 1, max: 3 }));

async function expectedVersionOf(store: SuiteStore, id: string, version: 'current' | number): Promise<number> {
  if (version !== 'current') return version;
  return (await store.get('item', id))?.version ?? 1;
}

const writeArb: fc.Arbitrary<Step> = fc.oneof(
  fc.tuple(idArb, scopeArb, valueArb).map(
    ([id, scope, value]) => new Step(`insert ${id} at ${scopeNameOf(scope)} ${JSON.stringify(value)}`, (store) => store.insert('item', item(id, value), { scope })),
  ),
  fc.tuple(fc.uniqueArray(idArb, { minLength: 1, maxLength: 3 }), scopeArb).map(
    ([ids, scope]) =>
      new Step(`insertMany ${ids.join(',')} at ${scopeNameOf(scope)}`, (store) => store.insertMany('item', ids.map((id) => ({ value: item(id), scope })))),
  ),
  fc.tuple(idArb, valueArb, versionArb, fc.option(scopeArb, { nil: undefined })).map(
    ([id, patch, version, scope]) =>
      new Step(`update ${id} ${JSON.stringify(patch)} v=${version}${scope ? ` to ${scopeNameOf(scope)}` : ''}`, async (store) =>
        store.update('item', id, patch, { expectedVersion: await expectedVersionOf(store, id, version), ...(scope === undefined ? {} : { scope }) }),
      ),
  ),
  fc.tuple(idArb, versionArb).map(
    ([id, version]) =>
      new Step(`remove ${id} v=${version}`, async (store) => store.remove('item', id, { expectedVersion: await expectedVersionOf(store, id, version) })),
  ),
);

const readArb: fc.Arbitrary<Step> = fc.oneof(
  idArb.map((id) => new Step(`get ${id}`, (store) => store.get('item', id))),
  fc
    .record({
      scope: fc.constantFrom<readonly string[]>([], ...SCOPE_LIST),
      depth: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      tag: fc.option(fc.constantFrom<('a' | 'b' | null)[]>(['a'], [null], ['a', 'b']), { nil: undefined }),
      field: fc.constantFrom('id' as const, 'createdAt' as const, 'updatedAt' as const),
      direction: fc.constantFrom('asc' as const, 'desc' as const),
      limit: fc.integer({ min: 1, max: 4 }),
    })
    .map(
      (query) =>
        new Step(`query ${JSON.stringify(query)}`, async (store) => {
          const pages: unknown[] = [];
          let cursor: string | undefined;
          do {
            const page = await store.query('item', {
              scope: query.scope,
              limit: query.limit,
              orderBy: { field: query.field, direction: query.direction },
              ...(query.depth === undefined ? {} : { depth: query.depth }),
              ...(query.tag === undefined ? {} : { where: { tag: query.tag } }),
              ...(cursor === undefined ? {} : { cursor }),
            });
            pages.push(page.records);
            cursor = page.nextCursor ?? undefined;
          } while (cursor !== undefined && pages.length < 20);
          return pages;
        }),
    ),
  fc.constant(
    new Step('read audit', async (store) => (await store.readAudit({ limit: 10_000 })).map(({ seq: _seq, ...entry }) => entry)),
  ),
);

const transactionArb: fc.Arbitrary<Step> = fc
  .tuple(fc.array(fc.oneof(writeArb, readArb), { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(
    ([steps, rollback]) =>
      new Step(`transaction [${steps.map(String).join('; ')}]${rollback ? ' then throw' : ''}`, (store) =>
        store.transaction(async (tx) => {
          const outcomes: Outcome[] = [];
          // A failed write inside keeps the transaction usable: the store checks before it writes.
          for (const step of steps) outcomes.push(await outcomeOf(() => step.run(tx)));
          if (rollback) throw new Error(ROLLBACK);
          return outcomes;
        }),
      ),
  );

export interface ModelBasedOptions {
  createSubject: () => Promise<StorageAdapter>;
  createReference: () => StorageAdapter;
  release: (adapter: StorageAdapter) => Promise<void>;
  numRuns: number;
  /** fast-check seed, to replay a failure or pin a run; random when absent. */
  seed?: number;
}

/**
 * fast-check `fc.commands`: random sequences of writes, reads, audit reads and
 * (possibly rolled back) transactions run on the adapter and on the memory
 * reference; every step must give the same value or the same error code.
 */
export async function modelBasedTest(options: ModelBasedOptions): Promise<void> {
  const commandArb = fc.oneof({ arbitrary: writeArb, weight: 5 }, { arbitrary: readArb, weight: 3 }, { arbitrary: transactionArb, weight: 2 });
  await fc.assert(
    fc.asyncProperty(fc.commands([commandArb.map((step) => new CompareStep(step))], { maxCommands: 25 }), async (commands) => {
      const subjectAdapter = await options.createSubject();
      const referenceAdapter = options.createReference();
      const world: World = { subject: suiteStore(subjectAdapter), reference: suiteStore(referenceAdapter) };
      try {
        await fc.asyncModelRun(() => ({ model: world, real: world }), commands);
      } finally {
        await options.release(subjectAdapter);
        await referenceAdapter.close();
      }
    }),
    options.seed === undefined ? { numRuns: options.numRuns } : { numRuns: options.numRuns, seed: options.seed },
  );
}

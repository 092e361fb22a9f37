import fc from 'fast-check';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { describe, expect } from 'vitest';
import {
  authorizedStore,
  CivicGridError,
  computeKpis,
  createHierarchy,
  createKpiPack,
  createStore,
  type Hierarchy,
  type KpiPack,
  type Principal,
  standardAccessPolicy,
  standardKpiEntityRegistry,
  type StorageAdapter,
} from '../../src/index.js';
import { ACCESS_TEST_KINDS, type AccessTestStore, counterClock } from './access-fixtures.js';
import { oracleAllows, principalArbitrary, seedWorld, type World, worldArbitrary } from './access-world.js';
import { propertyOnEachAdapter } from '../support/property-on-each-adapter.js';

const registry = standardKpiEntityRegistry();
const text = (en: string) => ({ zh: en, en });
const common = (id: string, entity: string) => ({ id, label: text(id), description: text(id), formula: text(id), entity });

/** Figures over needs, resources and the hierarchy itself; none reads a personal field. */
const PACK: KpiPack = createKpiPack(
  {
    name: 'access-test',
    version: '1',
    definitions: [
      { ...common('needs.raised', 'need'), kind: 'count', dateField: 'createdAt' },
      { ...common('needs.residentShare', 'need'), kind: 'ratio', numerator: { kind: 'count', filter: { 'requester.kind': { in: ['resident'] } } }, denominator: { kind: 'count' } },
      { ...common('needs.gridCoverage', 'need'), kind: 'coverage', level: 'grid' },
      { ...common('resources.units', 'resource'), kind: 'distinct', field: 'unitId' },
      { ...common('resources.capacity', 'resource'), kind: 'sum', field: 'capacity' },
      { ...common('hierarchy.grids', 'hierarchyNode'), kind: 'count', filter: { level: { in: ['grid'] } } },
    ],
  },
  registry,
);
/** Counts distinct requesters: a personal field, masked for every standard role but the resident. */
const ON_PERSONAL_DATA = createKpiPack({ name: 'personal', version: '1', definitions: [{ ...common('needs.requesters', 'need'), kind: 'distinct', field: 'requester.id' }] }, registry);

const AT = new Date('2026-06-01T00:00:00.000Z');
const PERIOD = { kind: 'year', year: 2026 } as const;

/** The kinds each standard role reads (conditions aside), written apart from the policy. */
const READS: Record<string, readonly string[]> = {
  gridWorker: ['need', 'resource', 'claim', 'project', 'unit'],
  communitySecretary: ['need', 'resource', 'claim', 'project', 'unit'],
  streetOfficer: ['*'],
  districtOfficer: ['*'],
  auditor: ['*'],
  unitLiaison: ['resource', 'claim', 'project', 'unit'],
  resident: ['need'],
};

/** Whether the principal reads `kind` (undefined: any kind) over the whole subtree at `path`; a unit liaison without a unit reads nothing. */
function oracleReadsSubtree(principal: Principal, kind: string | undefined, path: readonly string[]): boolean {
  return principal.roles.some(
    ({ role, scope }) =>
      (role !== 'unitLiaison' || principal.unitId !== undefined) &&
      scope.length <= path.length && scope.every((segment, index) => path[index] === segment) && (kind === undefined || (READS[role] ?? []).some((read) => read === '*' || read === kind)),
  );
}

const caseArbitrary = worldArbitrary.chain((world) => fc.record({ world: fc.constant(world), principal: principalArbitrary(world) }));

async function checkCase(adapter: StorageAdapter, { world, principal }: { world: World; principal: Principal }): Promise<void> {
  const hierarchy: Hierarchy = createHierarchy(world.nodes);
  const store: AccessTestStore = storeOn(adapter);
  await seedWorld(store, world);
  const view = authorizedStore(store, principal, standardAccessPolicy);
  const result = await computeKpis({ store: view, hierarchy, definitions: PACK, registry, period: PERIOD, at: AT, pageSize: 2 });

  // The reference: the same KPIs over a store holding only the records the principal may read.
  const readable: World = { ...world, records: world.records.filter((record) => oracleAllows(principal, 'read', record.kind, record.scope, record.value as never)) };
  const reference = storeOn(createMemoryAdapter());
  await seedWorld(reference, readable);
  const expected = await computeKpis({ store: reference, hierarchy, definitions: PACK, registry, period: PERIOD, at: AT });

  for (const node of hierarchy.nodes()) {
    const path = hierarchy.pathOf(node.id);
    const shown = PACK.definitions.filter((definition) => oracleReadsSubtree(principal, definition.entity === 'hierarchyNode' ? undefined : definition.entity, path)).map((definition) => definition.id);
    if (shown.length === 0) {
      const error = await Promise.resolve()
        .then(() => result.report(node.id))
        .then(() => null, (thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(CivicGridError);
      expect((error as CivicGridError).code).toBe('NOT_FOUND');
      continue;
    }
    const report = result.report(node.id);
    // Only figures over subtrees read whole, each equal to the figure over the readable records alone, children included.
    expect(report.figures.map((figure) => figure.id)).toEqual(shown);
    const reference = expected.report(node.id).figures.filter((figure) => shown.includes(figure.id));
    expect(report.figures).toEqual(reference);
    for (const figure of report.figures) for (const child of figure.children) expect(oracleReadsSubtree(principal, undefined, hierarchy.pathOf(child.nodeId))).toBe(true);
  }

  // A figure over a personal field the principal sees masked is refused, not computed from the masks.
  const masksRequester = principal.roles.some(({ role }) => role !== 'resident' && (READS[role] ?? []).some((read) => read === '*' || read === 'need'));
  const personal = await computeKpis({ store: view, hierarchy, definitions: ON_PERSONAL_DATA, registry, period: PERIOD, at: AT }).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (masksRequester) {
    expect(personal).toBeInstanceOf(CivicGridError);
    expect((personal as CivicGridError).code).toBe('FORBIDDEN');
    expect((personal as CivicGridError).issues.map((issue) => issue.path)).toEqual([['definitions', 0, 'requester.id']]);
  } else {
    expect(personal).toBeNull();
  }
}

function storeOn(adapter: StorageAdapter): AccessTestStore {
  return createStore(adapter, { kinds: ACCESS_TEST_KINDS, clock: counterClock() });
}

describe('computeKpis through authorizedStore: figures only from readable records, only where read whole (property)', () => {
  propertyOnEachAdapter('akpi', caseArbitrary, { memory: 60, sqlite: 20, pglite: 4, server: 6 }, checkCase);
});

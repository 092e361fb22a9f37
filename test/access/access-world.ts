import fc from 'fast-check';
import { expect } from 'vitest';
import {
  type AccessTestStore,
  need,
  principal as makePrincipal,
  resource,
} from './access-fixtures.js';
import { type HierarchyNode, type Principal, STANDARD_ROLES, type StoredRecord } from '../../src/index.js';
import { validHierarchyNodesArbitrary } from '../support/hierarchy-arbitraries.js';

/** Ids that break naive scope tests: prefixes of each other, `/`, `%`, `_`, quotes, backslashes, dots, accents, astral characters. */
export const adversarialIdArbitrary = fc.string({ unit: fc.constantFrom('a', 'b', '/', '%', '2F', '_', "'", '"', '\\', 'é', '😀', '.'), minLength: 1, maxLength: 4 });

export const PERSON_IDS = ['res-a', 'res-b', 'res/a'] as const;
export const UNIT_IDS = ['u1', 'u1/'] as const;

export interface WorldRecord {
  kind: 'need' | 'resource';
  id: string;
  scope: string[];
  value: ReturnType<typeof need> | ReturnType<typeof resource>;
}

export interface World {
  /** The hierarchy's nodes, renamed: each node's id is its adversarial name. */
  nodes: HierarchyNode[];
  /** Every node's root-first path. */
  paths: string[][];
  records: WorldRecord[];
}

/** A random hierarchy (from the shared arbitrary) renamed with adversarial ids, and needs and resources scattered over it. */
export const worldArbitrary: fc.Arbitrary<World> = validHierarchyNodesArbitrary({ maxNodes: 10 })
  .chain((nodes) =>
    fc.record({
      nodes: fc.constant(nodes),
      names: fc.uniqueArray(adversarialIdArbitrary, { minLength: nodes.length, maxLength: nodes.length }),
      recordIds: fc.uniqueArray(adversarialIdArbitrary, { maxLength: 12 }),
      picks: fc.array(fc.record({ node: fc.nat(), person: fc.nat(), unit: fc.nat(), isNeed: fc.boolean() }), { minLength: 12, maxLength: 12 }),
    }),
  )
  .map(({ nodes, names, recordIds, picks }) => {
    const paths = pathsOf(nodes, names);
    const records = recordIds.map((id, index): WorldRecord => {
      const pick = picks[index] as { node: number; person: number; unit: number; isNeed: boolean };
      const scope = paths[pick.node % paths.length] as string[];
      return pick.isNeed
        ? { kind: 'need', id, scope, value: need(id, PERSON_IDS[pick.person % PERSON_IDS.length] as string) }
        : { kind: 'resource', id, scope, value: resource(id, UNIT_IDS[pick.unit % UNIT_IDS.length] as string, { declines: { requesters: [PERSON_IDS[pick.person % PERSON_IDS.length] as string] } }) };
    });
    const renamed = new Map(nodes.map((node, index) => [node.id, names[index] as string]));
    const named = nodes.map((node) => ({ ...node, id: renamed.get(node.id) as string, parentId: node.parentId === null ? null : (renamed.get(node.parentId) as string) }));
    return { nodes: named, paths, records };
  });

function pathsOf(nodes: readonly HierarchyNode[], names: readonly string[]): string[][] {
  const byId = new Map(nodes.map((node, index) => [node.id, { node, name: names[index] as string }]));
  return nodes.map((node) => {
    const path: string[] = [];
    for (let at: HierarchyNode | undefined = node; at !== undefined; at = at.parentId === null ? undefined : byId.get(at.parentId)?.node) path.unshift(byId.get(at.id)?.name as string);
    return path;
  });
}

/** A principal with up to three role grants at nodes of the world (or the whole store). */
export function principalArbitrary(world: World): fc.Arbitrary<Principal> {
  const scopes = [[], ...world.paths];
  return fc
    .record({
      id: fc.constantFrom(...PERSON_IDS, 'staff-1'),
      unitId: fc.option(fc.constantFrom(...UNIT_IDS), { nil: undefined }),
      roles: fc.array(fc.record({ role: fc.constantFrom(...STANDARD_ROLES), scope: fc.constantFrom(...scopes) }), { maxLength: 3 }),
    })
    .map(({ id, unitId, roles }) => makePrincipal(id, roles, unitId));
}

/**
 * The oracle, written apart from src/access: may `principal` do `action` on
 * this record under the standard policy? Scopes compare segment by segment.
 */
export function oracleAllows(principal: Principal, action: 'read' | 'create' | 'update' | 'remove' | 'reveal' | 'readAudit', kind: string, scope: readonly string[], data: Record<string, unknown>): boolean {
  return principal.roles.some(({ role, scope: granted }) => {
    const inside = granted.length <= scope.length && granted.every((segment, index) => scope[index] === segment);
    if (!inside) return false;
    const own = (data.requester as { id?: unknown } | undefined)?.id === principal.id;
    const ownUnit = principal.unitId !== undefined && data.unitId === principal.unitId;
    switch (role) {
      case 'gridWorker':
        return kind === 'need' ? action !== 'remove' && action !== 'readAudit' : action === 'read';
      case 'communitySecretary':
        return action !== 'reveal' || kind === 'need';
      case 'streetOfficer':
        return action === 'read' || action === 'readAudit' || ((kind === 'claim' || kind === 'project') && (action === 'create' || action === 'update'));
      case 'districtOfficer':
      case 'auditor':
        return action === 'read' || action === 'readAudit';
      case 'unitLiaison':
        return kind === 'resource' && ownUnit && (action === 'read' || action === 'create' || action === 'update');
      case 'resident':
        return kind === 'need' && own && (action === 'read' || action === 'create' || action === 'update');
      default:
        return false;
    }
  });
}

/** Only the resident's own needs come plain under the standard policy. */
export function oracleSeesPlain(principal: Principal, record: Pick<StoredRecord, 'scope' | 'data'>, kind: string): boolean {
  const data = record.data as Record<string, unknown>;
  return kind === 'need' && principal.roles.some(({ role, scope }) => role === 'resident' && scope.every((segment, index) => record.scope[index] === segment) && scope.length <= record.scope.length && (data.requester as { id: string }).id === principal.id);
}

/** What the principal must be shown of a record: the plain data, or with every declared personal field masked. */
export function expectShownAs(shown: Pick<StoredRecord, 'data'>, plain: StoredRecord, principal: Principal, kind: string): void {
  if (oracleSeesPlain(principal, plain, kind)) {
    expect(shown.data).toEqual(plain.data);
    return;
  }
  const data = plain.data as Record<string, unknown>;
  const masked =
    kind === 'need'
      ? { ...data, description: '***', requester: { ...(data.requester as object), id: '***' } }
      : { ...data, declines: { requesters: ((data.declines as { requesters: string[] }).requesters).map(() => '***') } };
  expect(shown.data).toEqual(masked);
}

export async function seedWorld(store: AccessTestStore, world: World): Promise<void> {
  for (const record of world.records) {
    if (record.kind === 'need') await store.insert('need', record.value as ReturnType<typeof need>, { scope: record.scope });
    else await store.insert('resource', record.value as ReturnType<typeof resource>, { scope: record.scope });
  }
}

import { decodeScope, encodeScope } from '../../adapters/scope.js';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import type { NodeIndex } from '../../rules/kpi/compile.js';

/**
 * The node a row's scope key names: the key's last id, when the key is that
 * node's path (walked from the root, or checked against the parent chain),
 * so a city of a million nodes costs nothing where it has no records.
 * Undefined for a level below the modelled nodes; throws when the key
 * contradicts the hierarchy.
 */
export function rowPlacer(nodes: NodeIndex): (key: unknown) => number | undefined {
  return walkingFirst(nodes, (key) => {
    if (key.includes('//')) return undefined;
    if (isPlainKey(key)) {
      // The ids are the key's segments as they are: read in place, no array of them.
      const start = key.lastIndexOf('/', key.length - 2);
      const node = nodes.indexOf.get(key.slice(start + 1, -1));
      if (node === undefined) return undefined;
      if (isKeyPathOf(nodes, node, key, start)) return node;
      throw scopeContradiction(nodes, key, node);
    }
    const path = decodeScope(key);
    const node = nodes.indexOf.get(path.at(-1) ?? '');
    if (node === undefined) return undefined;
    if (isPathOf(nodes, node, path, path.length - 1)) return node;
    throw scopeContradiction(nodes, key, node);
  });
}

/**
 * The deepest node a record scope key lies in: the last id of the key that
 * is a node (a record below the modelled levels counts at its building),
 * whose path must be the key up to it, as every node row's key must be
 * (rowPlacer). Undefined when no id of the key is a node. A key that is a
 * node's path is walked from the root; any other takes one map look-up per
 * id from the end (a map look-up per id from the root cost seconds a million rows).
 */
export function recordScopePlacer(nodes: NodeIndex): (key: unknown) => number | undefined {
  return walkingFirst(nodes, (key) => {
    if (isPlainKey(key)) {
      // An empty id ends the path, as the roll-up's empty segment does; `end` is the '/' after the id tried.
      const empty = key.indexOf('//');
      for (let end = empty === -1 ? key.length - 1 : empty; end > 0; ) {
        const start = key.lastIndexOf('/', end - 1);
        const node = nodes.indexOf.get(key.slice(start + 1, end));
        if (node !== undefined) {
          if (isKeyPathOf(nodes, node, key, start)) return node;
          throw scopeContradiction(nodes, key.slice(0, end + 1), node);
        }
        end = start;
      }
      return undefined;
    }
    const path = decodeScope(key);
    const end = path.indexOf('');
    for (let depth = (end === -1 ? path.length : end) - 1; depth >= 0; depth--) {
      const node = nodes.indexOf.get(path[depth] as string);
      if (node === undefined) continue;
      if (isPathOf(nodes, node, path, depth)) return node;
      throw scopeContradiction(nodes, encodeScope(path.slice(0, depth + 1)), node);
    }
    return undefined;
  });
}

/** A placer that walks each string key down from the root (walkDown), and takes `general` where the walk stops short. */
function walkingFirst(nodes: NodeIndex, general: (key: string) => number | undefined): (key: unknown) => number | undefined {
  const walk = walker(nodes);
  return (key) => {
    if (typeof key !== 'string') return undefined;
    const walked = walk(key);
    return walked === -1 ? general(key) : walked;
  };
}

/** A key of at least one segment whose ids need no unescaping (no `%`): its segments are the ids. */
function isPlainKey(key: string): boolean {
  return key.length > 1 && key.startsWith('/') && key.endsWith('/') && !key.includes('%');
}

/** Whether `path` up to `last` is exactly `node`'s path from the root. */
function isPathOf(nodes: NodeIndex, node: number, path: readonly string[], last: number): boolean {
  let up = node;
  let segment = last;
  while (up >= 0 && segment >= 0 && nodes.ids[up] === path[segment]) {
    up = nodes.parent[up] as number;
    segment--;
  }
  return up === -1 && segment === -1;
}

/** isPathOf on a plain key: whether the segments before the '/' at `start` are exactly the path of `node`'s parent, compared in place. */
function isKeyPathOf(nodes: NodeIndex, node: number, key: string, start: number): boolean {
  let up = nodes.parent[node] as number;
  let end = start;
  while (up >= 0 && end > 0) {
    const id = nodes.ids[up] as string;
    const begin = key.lastIndexOf('/', end - 1);
    if (end - begin - 1 !== id.length || !key.startsWith(id, begin + 1)) return false;
    up = nodes.parent[up] as number;
    end = begin;
  }
  return up === -1 && end === 0;
}

function scopeContradiction(nodes: NodeIndex, key: string, node: number): CivicGridError {
  const expected: string[] = [];
  for (let at = node; at >= 0; at = nodes.parent[at] as number) expected.unshift(nodes.ids[at] as string);
  return CivicGridError.validation('computeKpisInDatabase', [
    {
      path: ['scope'],
      message: `records are scoped at ${JSON.stringify(key)}, but node "${nodes.ids[node]}" sits at ${JSON.stringify(encodeScope(expected))}: scopes must follow the hierarchy (hierarchy.pathOf)`,
    },
  ]);
}


/** Each node's children (and, at index `ids.length`, the roots), as ranges of one array: `list[first[node]]` to `list[first[node + 1] - 1]`. */
interface Children {
  first: Int32Array;
  list: Int32Array;
}

const CHILDREN = new WeakMap<NodeIndex, Children>();

function childrenOf(nodes: NodeIndex): Children {
  let children = CHILDREN.get(nodes);
  if (children !== undefined) return children;
  const size = nodes.ids.length;
  // One range per node and one for the roots (index size), each count first kept two places on.
  const first = new Int32Array(size + 3);
  const below = (node: number): number => {
    const up = nodes.parent[node] as number;
    return up < 0 ? size : up;
  };
  for (let node = 0; node < size; node++) (first[below(node) + 2] as number)++;
  for (let node = 2; node < size + 3; node++) first[node] = (first[node] as number) + (first[node - 1] as number);
  const list = new Int32Array(size);
  for (let node = 0; node < size; node++) list[(first[below(node) + 1] as number)++] = node;
  CHILDREN.set(nodes, (children = { first, list }));
  return children;
}

/** A parent with more children than this is looked up by id in the map, not scanned. */
const SCANNED_CHILDREN = 32;

/**
 * Finds the node a plain key ('/a/b/c/', no escaped id) is exactly the path
 * of, from the root down, each id among its parent's children and compared
 * in place: no string made and no map look-up for most keys, and the path is
 * checked on the way. The segments a key shares whole with the last key
 * walked are not walked again: keys in scope order share all but their last
 * few. -1 when the walk stops short (a key below the modelled levels, an
 * empty or escaped id, a contradiction): the caller then takes the general
 * way, which tells those apart.
 */
function walker(nodes: NodeIndex): (key: string) => number {
  const children = childrenOf(nodes);
  const { ids, parent } = nodes;
  // The last key walked (as far as it went): the node at each depth, and where the '/' closing its id sits.
  let lastKey = '';
  const lastNodes: number[] = [];
  const lastEnds: number[] = [];
  let lastDepth = 0;
  return (key) => {
    // An escaped id ('%') could equal another id as written: those keys take the general way.
    if (key.length < 3 || key.charCodeAt(0) !== 47 || key.charCodeAt(key.length - 1) !== 47 || key.includes('%')) return -1;
    const shared = sharedLength(key, lastKey);
    let depth = 0;
    while (depth < lastDepth && (lastEnds[depth] as number) < shared) depth++;
    let node = depth === 0 ? ids.length : (lastNodes[depth - 1] as number);
    let start = depth === 0 ? 0 : (lastEnds[depth - 1] as number);
    while (start < key.length - 1) {
      const end = key.indexOf('/', start + 1);
      const length = end - start - 1;
      if (length === 0) return stopped(key, depth);
      const from = children.first[node] as number;
      const to = children.first[node + 1] as number;
      let found = -1;
      if (to - from > SCANNED_CHILDREN) {
        const candidate = nodes.indexOf.get(key.slice(start + 1, end));
        const up = candidate === undefined ? -1 : (parent[candidate] as number);
        if (candidate !== undefined && (up < 0 ? ids.length : up) === node) found = candidate;
      } else {
        for (let at = from; at < to && found === -1; at++) {
          const child = children.list[at] as number;
          if (isIdAt(ids[child] as string, key, start + 1, length)) found = child;
        }
      }
      if (found === -1) return stopped(key, depth);
      lastNodes[depth] = node = found;
      lastEnds[depth++] = start = end;
    }
    if (node === ids.length) return -1;
    lastKey = key;
    lastDepth = depth;
    return node;
  };
  // The ids walked before the walk stopped are this key's: the next key may share them.
  function stopped(key: string, depth: number): -1 {
    lastKey = key;
    lastDepth = depth;
    return -1;
  }
}

/** How many leading characters two strings share. */
function sharedLength(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let at = 0;
  while (at < length && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** Whether `key` holds `id` from `offset` on, `length` long: compared from the end, where sibling ids (often one prefix and a number) differ. */
function isIdAt(id: string, key: string, offset: number, length: number): boolean {
  if (id.length !== length) return false;
  for (let at = length - 1; at >= 0; at--) if (id.charCodeAt(at) !== key.charCodeAt(offset + at)) return false;
  return true;
}

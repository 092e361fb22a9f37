// Plain script: node --expose-gc --import tsx bench/hierarchy.bench.ts
// Builds the megacity (1M+ nodes) and measures build time, ancestors and
// descendants queries, and the heap the hierarchy holds. As context, it also
// times a bare Map of the same ids: the floor any id-indexed build pays.
import { generateCity } from '../src/generate/generate-city.js';
import { createHierarchy, type Hierarchy } from '../src/rules/hierarchy/hierarchy.js';

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const city = generateCity({ seed: 1, scale: 'megacity' });
const before = heapMb();
const buildTimes: number[] = [];
let hierarchy: Hierarchy | undefined;
for (let run = 0; run < 3; run++) {
  hierarchy = undefined;
  gc?.();
  const started = performance.now();
  hierarchy = createHierarchy(city.nodes);
  buildTimes.push(performance.now() - started);
}
const built = hierarchy as Hierarchy;
const heldMb = heapMb() - before;

const mapTimes: number[] = [];
for (let run = 0; run < 3; run++) {
  gc?.();
  const started = performance.now();
  const index = new Map<string, unknown>();
  for (const node of city.nodes) index.set(node.id, node);
  mapTimes.push(performance.now() - started);
}

const buildings = city.buildings;
const queries = 200_000;
let sink = 0;
let started = performance.now();
for (let i = 0; i < queries; i++) sink += built.ancestors((buildings[(i * 7919) % buildings.length] as { id: string }).id).length;
const ancestorsUs = ((performance.now() - started) * 1000) / queries;

const communities = built.atLevel('community');
const descendantRuns = 2_000;
let visited = 0;
started = performance.now();
for (let i = 0; i < descendantRuns; i++) visited += built.descendants((communities[(i * 31) % communities.length] as { id: string }).id).length;
const descendantsUs = ((performance.now() - started) * 1000) / descendantRuns;

started = performance.now();
const cityWide = built.descendants(built.rootId).length;
const cityWideMs = performance.now() - started;

console.log(`megacity: ${city.nodes.length.toLocaleString('en-US')} nodes (${buildings.length.toLocaleString('en-US')} buildings)`);
console.log(`createHierarchy (validate + build), median of 3: ${median(buildTimes).toFixed(0)} ms  [runs: ${buildTimes.map((t) => t.toFixed(0)).join(', ')}]`);
console.log(`  floor, a bare Map of the same ids, median of 3: ${median(mapTimes).toFixed(0)} ms`);
console.log(`heap held by the hierarchy: ${heldMb.toFixed(0)} MB${gc === undefined ? ' (run with --expose-gc for a clean figure)' : ''}`);
console.log(`ancestors of a building (depth 5): ${ancestorsUs.toFixed(2)} µs per query`);
console.log(`descendants of a community (~${Math.round(visited / descendantRuns)} nodes): ${descendantsUs.toFixed(0)} µs per query`);
console.log(`descendants of the city (${cityWide.toLocaleString('en-US')} nodes): ${cityWideMs.toFixed(0)} ms`);
if (sink === 0) console.log('unreachable');

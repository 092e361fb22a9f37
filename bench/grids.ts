/**
 * Grid allocation bench (issue 5): `npx tsx bench/grids.ts [--quick] [--kmeans-b50k-iterations N]`.
 * Instances come from a seeded generator (bench/grids-instances.ts); the peer,
 * ml-kmeans, runs in the same process and is measured with the same metrics.
 */
import { parseArgs } from 'node:util';
import { kmeans } from 'ml-kmeans';
import { SeededRandom } from '../src/generate/seeded-random.js';
import { allocateGrids, rebalanceGrids, type GridBuilding, type GridMetrics, type GridPlan } from '../src/index.js';
import { delaunayEdges } from '../src/rules/grids/adjacency.js';
import { aggregateMetrics, GridStatsCalculator } from '../src/rules/grids/grid-metrics.js';
import { csrFromEdges } from '../src/rules/grids/local-graph.js';
import { cityInstance, communityInstance } from './grids-instances.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, 'kmeans-b50k-iterations': { type: 'string', default: '10' } } });
const RUNS = values.quick ? 3 : 7;
const BOUNDS = { min: 300, max: 500 };

interface Instance {
  name: string;
  buildings: GridBuilding[];
  maxNeighbourDistance?: number;
  kmeansIterations: number;
  /** ml-kmeans' k-means++ seeding alone took over 5 minutes at k = 2,500 on this machine, so B50k seeds at random. */
  kmeansInitialization: 'kmeans++' | 'random';
}

const city = cityInstance();
const instances: Instance[] = [
  { name: 'B5k', buildings: communityInstance(), kmeansIterations: 100, kmeansInitialization: 'kmeans++' },
  { name: 'B50k', buildings: city, kmeansIterations: Number(values['kmeans-b50k-iterations']), kmeansInitialization: 'random' },
  { name: 'B50k, edges > 300 m dropped', buildings: city, maxNeighbourDistance: 300, kmeansIterations: 0, kmeansInitialization: 'random' },
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const row = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;
const metricCells = (m: GridMetrics): string[] => [String(m.outOfBounds), String(m.nonContiguous), `${m.meanDistanceToCentroid.toFixed(1)} m`, m.polsbyPopper.toFixed(3), `${(100 * m.edgeCutRatio).toFixed(1)}%`];

console.log(`node ${process.version}, ${RUNS} runs per figure (median), after one warm-up run; machine shared with other jobs.\n`);
console.log(row(['instance', 'method', 'time', 'grids', 'out of bounds', 'non-contiguous', 'mean distance to centroid', 'Polsby-Popper', 'edge cut', 'flagged (infeasible)']));
console.log(row(Array.from({ length: 10 }, () => '---')));
const plans = new Map<string, GridPlan>();
for (const instance of instances) {
  const input = { buildings: instance.buildings, ...(instance.maxNeighbourDistance === undefined ? {} : { maxNeighbourDistance: instance.maxNeighbourDistance }) };
  let plan = allocateGrids(input);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now();
    const usage = process.cpuUsage();
    plan = allocateGrids(input);
    times.push(performance.now() - started);
    const used = process.cpuUsage(usage);
    cpu.push((used.user + used.system) / 1000);
  }
  plans.set(instance.name, plan);
  const households = instance.buildings.reduce((sum, b) => sum + b.households, 0);
  const reasons = new Map<string, number>();
  for (const entry of plan.infeasible) {
    const kind = entry.reason.includes('oversize') ? 'oversize' : entry.reason.includes('fewer than the minimum') ? 'undersized piece' : entry.reason.includes('no number') ? 'total' : 'other';
    reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
  }
  const flagged = `${plan.infeasible.length}${reasons.size === 0 ? '' : ` (${[...reasons].map(([k, n]) => `${k} ${n}`).join(', ')})`}`;
  console.log(row([`${instance.name} (${instance.buildings.length} buildings, ${households} households, ${pieces(instance)} pieces)`, 'civic-grid allocateGrids', `${median(times).toFixed(1)} ms (CPU ${median(cpu).toFixed(1)} ms)`, plan.grids.length, ...metricCells(plan.metrics), flagged]));
  if (instance.kmeansIterations > 0) {
    const peer = runKmeans(instance, plan.grids.length);
    console.log(row([instance.name, `ml-kmeans (k = ${plan.grids.length}, ${instance.kmeansInitialization}, ${peer.iterations} iterations${peer.converged ? ', converged' : `, capped at ${instance.kmeansIterations}`})`, `${peer.ms.toFixed(0)} ms`, peer.grids, ...metricCells(peer.metrics), '-']));
    console.log(row([instance.name, 'ratio ml-kmeans / civic-grid (time)', `${(peer.ms / median(times)).toFixed(0)}×`, '', '', '', '', '', '', '']));
  }
}

rebalanceBench(plans.get('B50k') as GridPlan, city);

/** Connected pieces of the derived adjacency. */
function pieces(instance: Instance): number {
  const sorted = [...instance.buildings].sort((a, b) => (a.id < b.id ? -1 : 1));
  const edges = delaunayEdges(
    sorted.map((b) => b.x),
    sorted.map((b) => b.y),
    instance.maxNeighbourDistance,
  );
  const parent = Int32Array.from(sorted, (_, i) => i);
  const find = (v: number): number => {
    while (parent[v] !== v) v = parent[v] = parent[parent[v] as number] as number;
    return v;
  };
  for (let i = 0; i < edges.a.length; i++) parent[find(edges.a[i] as number)] = find(edges.b[i] as number);
  return sorted.filter((_, i) => find(i) === i).length;
}

/** ml-kmeans on the coordinates, measured with civic-grid's metrics on the same Delaunay adjacency. */
function runKmeans(instance: Instance, k: number): { ms: number; grids: number; iterations: number; converged: boolean; metrics: GridMetrics } {
  const sorted = [...instance.buildings].sort((a, b) => (a.id < b.id ? -1 : 1));
  const data = sorted.map((b) => [b.x, b.y]);
  const started = performance.now();
  const result = kmeans(data, k, { seed: 42, maxIterations: instance.kmeansIterations, initialization: instance.kmeansInitialization });
  const ms = performance.now() - started;
  const xs = sorted.map((b) => b.x);
  const ys = sorted.map((b) => b.y);
  const w = sorted.map((b) => b.households);
  const edges = delaunayEdges(xs, ys, instance.maxNeighbourDistance);
  const { offsets, targets } = csrFromEdges(sorted.length, edges.a, edges.b);
  const calculator = new GridStatsCalculator({ xs, ys, w, neighbours: (v) => targets.subarray(offsets[v] as number, offsets[v + 1] as number) });
  const groups: number[][] = Array.from({ length: k }, () => []);
  result.clusters.forEach((cluster, v) => groups[cluster]!.push(v));
  const nonEmpty = groups.filter((group) => group.length > 0);
  const metrics = aggregateMetrics(
    nonEmpty.map((group) => ({ stats: calculator.compute(group), regular: true })),
    BOUNDS,
    edges.a.length,
  );
  return { ms, grids: nonEmpty.length, iterations: result.iterations, converged: result.converged, metrics };
}

function rebalanceBench(plan: GridPlan, buildings: GridBuilding[]): void {
  const random = new SeededRandom(99);
  const near = (i: number): GridBuilding => {
    const base = buildings[random.int(0, buildings.length - 1)] as GridBuilding;
    return { id: `added-${i}`, households: Math.max(1, Math.round(Math.exp(Math.log(20) - 0.245 + 0.7 * random.normal()))), x: base.x + 15 * random.normal(), y: base.y + 15 * random.normal() };
  };
  rebalanceGrids(plan, { add: [near(-1)] });
  const single: number[] = [];
  const singleCpu: number[] = [];
  const touched: number[] = [];
  for (let t = 0; t < 50; t++) {
    const building = near(t);
    const started = performance.now();
    const usage = process.cpuUsage();
    const result = rebalanceGrids(plan, { add: [building] });
    single.push(performance.now() - started);
    const used = process.cpuUsage(usage);
    singleCpu.push((used.user + used.system) / 1000);
    touched.push(result.touchedGrids.length);
  }
  console.log(`\nRebalance on B50k (${plan.grids.length} grids):`);
  console.log(`- one added building, 50 trials: median ${median(single).toFixed(2)} ms (CPU ${median(singleCpu).toFixed(2)} ms), max ${Math.max(...single).toFixed(2)} ms; grids touched median ${median(touched)}, max ${Math.max(...touched)}`);
  const batch = Array.from({ length: Math.round(buildings.length / 100) }, (_, i) => near(1000 + i));
  const times: number[] = [];
  const cpu: number[] = [];
  let last = rebalanceGrids(plan, { add: batch });
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now();
    const usage = process.cpuUsage();
    last = rebalanceGrids(plan, { add: batch });
    times.push(performance.now() - started);
    const used = process.cpuUsage(usage);
    cpu.push((used.user + used.system) / 1000);
  }
  const movedExisting = last.moves.filter((move) => move.from !== null).length;
  console.log(`- 1% added (${batch.length} buildings): median ${median(times).toFixed(1)} ms (CPU ${median(cpu).toFixed(1)} ms); ${(100 * (1 - movedExisting / buildings.length)).toFixed(2)}% of existing buildings keep their grid; ${last.touchedGrids.length} grids touched; out of bounds ${last.plan.metrics.outOfBounds}, non-contiguous ${last.plan.metrics.nonContiguous}`);
  console.log(`- a full re-allocation (what every peer does) relabels all ${plan.grids.length} grids.`);
}

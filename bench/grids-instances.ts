import { SeededRandom } from '../src/generate/seeded-random.js';
import type { GridBuilding } from '../src/rules/grids/grid-plan.js';

/** Households per building: lognormal with mean ≈ 20 (σ = 0.7), at least 1. */
function households(random: SeededRandom): number {
  const sigma = 0.7;
  const mu = Math.log(20) - (sigma * sigma) / 2;
  return Math.max(1, Math.round(Math.exp(mu + sigma * random.normal())));
}

/** B5k: one community-sized area, 5,000 buildings (≈100k households) spread over 2.4 km × 2.4 km with a denser core. */
export function communityInstance(seed = 5): GridBuilding[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: 5000 }, (_, i) => {
    const core = random.float() < 0.5;
    const x = core ? 1200 + 350 * random.normal() : 2400 * random.float();
    const y = core ? 1200 + 350 * random.normal() : 2400 * random.float();
    return { id: `b${String(i).padStart(5, '0')}`, households: households(random), x, y };
  });
}

/**
 * B50k: a city of 50,000 buildings (≈1,000,000 households) in 60 Gaussian
 * clusters of 150-900 m spread over 24 km × 24 km, plus 0.4% scattered
 * buildings, so dropping edges over 300 m leaves a few hundred pieces.
 */
export function cityInstance(seed = 50): GridBuilding[] {
  const random = new SeededRandom(seed);
  const clusters = Array.from({ length: 60 }, () => ({ x: 24000 * random.float(), y: 24000 * random.float(), sigma: 150 + 750 * random.float(), share: 0.3 + random.float() }));
  const totalShare = clusters.reduce((sum, c) => sum + c.share, 0);
  const buildings: GridBuilding[] = [];
  for (const cluster of clusters) {
    const count = Math.round((cluster.share / totalShare) * 49800);
    for (let i = 0; i < count; i++) buildings.push({ id: '', households: households(random), x: cluster.x + cluster.sigma * random.normal(), y: cluster.y + cluster.sigma * random.normal() });
  }
  while (buildings.length < 50000) buildings.push({ id: '', households: households(random), x: 24000 * random.float(), y: 24000 * random.float() });
  buildings.length = 50000;
  return buildings.map((b, i) => ({ ...b, id: `c${String(i).padStart(5, '0')}` }));
}

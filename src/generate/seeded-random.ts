import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/** A seeded random source: the same seed always gives the same sequence. */
export class SeededRandom {
  private readonly generator;

  constructor(seed: number) {
    this.generator = xoroshiro128plus(seed);
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return unsafeUniformIntDistribution(min, max, this.generator);
  }

  /** A float in [0, 1). */
  float(): number {
    return (this.generator.unsafeNext() >>> 0) / 4294967296;
  }

  /** One item of `items`, chosen by the seeded generator; RangeError for an empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** A standard normal variate (Box–Muller). */
  normal(): number {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }
}

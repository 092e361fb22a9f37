/**
 * A finite number as the decimal it prints as (its shortest round-trip form,
 * `String(value)`): `units` × 10^-scale, so 0.1 is 1 × 10^-1, not the binary
 * 0.1000000000000000055….
 */
export function decimalOf(value: number): { units: bigint; scale: number } {
  if (Number.isSafeInteger(value)) return { units: BigInt(value), scale: 0 };
  const text = String(value);
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const scale = (dot < 0 ? 0 : mantissa.length - dot - 1) - (e < 0 ? 0 : Number(text.slice(e + 1)));
  return scale >= 0 ? { units: BigInt(digits), scale } : { units: BigInt(digits) * 10n ** BigInt(-scale), scale: 0 };
}

/**
 * One exact sum per hierarchy node: integers in units of 10^-scale, where
 * `scale` is the most decimals any value added so far has (0.1 + 0.2 is 3
 * tenths, exactly 0.3). Sums are the same in any order, and a parent's is
 * exactly its children's added up. A value with more decimals than seen so
 * far rescales every node; a double prints with at most 340 decimals, so this is bounded.
 */
export class ExactSums {
  private readonly units: bigint[];
  private scale = 0;

  constructor(size: number) {
    this.units = new Array<bigint>(size).fill(0n);
  }

  /** `value` in units of the current scale, widened first if `value` needs more decimals. */
  unitsOf(value: number): bigint {
    return this.unitsOfDecimal(decimalOf(value));
  }

  /** A decimal (from `decimalOf`, or another sum's `decimalAt`) in units of the current scale, widened first if it needs more decimals. */
  unitsOfDecimal(decimal: { units: bigint; scale: number }): bigint {
    if (decimal.scale > this.scale) {
      const factor = 10n ** BigInt(decimal.scale - this.scale);
      for (let node = 0; node < this.units.length; node++) this.units[node] = (this.units[node] as bigint) * factor;
      this.scale = decimal.scale;
    }
    return decimal.scale === this.scale ? decimal.units : decimal.units * 10n ** BigInt(this.scale - decimal.scale);
  }

  /** Adds units of the current scale (from `unitsOf`, or another node's `unitsAt`) to a node. */
  add(node: number, units: bigint): void {
    this.units[node] = (this.units[node] as bigint) + units;
  }

  unitsAt(node: number): bigint {
    return this.units[node] as bigint;
  }

  /** A node's exact sum as a decimal, for another ExactSums' `unitsOfDecimal`. */
  decimalAt(node: number): { units: bigint; scale: number } {
    return { units: this.units[node] as bigint, scale: this.scale };
  }

  /** The exact sum rounded once, to the nearest double. */
  valueAt(node: number): number {
    const units = this.units[node] as bigint;
    return this.scale === 0 ? Number(units) : Number(`${units}e-${this.scale}`);
  }
}

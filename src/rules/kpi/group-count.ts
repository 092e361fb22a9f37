import type { KpiThreshold } from '../../model/kpi-definition.js';
import type { Contribution, KpiRecord } from './compile.js';
import { ExactSums } from './exact-sum.js';

/** One part of a group's measure (the measure itself, or a ratio's numerator or denominator). */
export interface GroupPart {
  readonly aggregate: 'count' | 'sum' | 'distinct';
  /** The part's own filter; the KPI's filter has already passed. */
  readonly matches: (record: KpiRecord) => boolean;
  readonly contributionOf: (record: KpiRecord) => Contribution | undefined;
}

/** How a `groupCount` measure judges a group: its parts, and the test its value must pass. */
export interface GroupSpec {
  /** [measure] or [numerator, denominator]. */
  readonly parts: readonly GroupPart[];
  readonly passes: (value: number) => boolean;
}

/** The test a group's value must pass: every bound given holds. */
export function thresholdTest(threshold: KpiThreshold): (value: number) => boolean {
  const { gt, gte, lt, lte } = threshold;
  return (value) => (gt === undefined || value > gt) && (gte === undefined || value >= gte) && (lt === undefined || value < lt) && (lte === undefined || value <= lte);
}

/** One part's tally within one group: a count, an exact sum, or each distinct key's multiplicity. */
class PartTally {
  count = 0;
  private readonly sum: ExactSums | null;
  private readonly keys: Map<Contribution, number> | null;

  constructor(aggregate: GroupPart['aggregate']) {
    this.sum = aggregate === 'sum' ? new ExactSums(1) : null;
    this.keys = aggregate === 'distinct' ? new Map() : null;
  }

  add(contribution: Contribution, sign: 1 | -1): void {
    this.count += sign;
    if (this.sum !== null) {
      const units = this.sum.unitsOf(contribution as number);
      this.sum.add(0, sign === 1 ? units : -units);
    } else if (this.keys !== null) {
      const multiplicity = (this.keys.get(contribution) ?? 0) + sign;
      if (multiplicity === 0) this.keys.delete(contribution);
      else this.keys.set(contribution, multiplicity);
    }
  }

  merge(other: PartTally): void {
    this.count += other.count;
    if (this.sum !== null) this.sum.add(0, this.sum.unitsOfDecimal((other.sum as ExactSums).decimalAt(0)));
    else if (this.keys !== null) for (const [key, multiplicity] of other.keys as Map<Contribution, number>) this.keys.set(key, (this.keys.get(key) ?? 0) + multiplicity);
  }

  /** count: records; sum: the exact sum rounded once to the nearest double; distinct: distinct keys. */
  value(): number {
    if (this.keys !== null) return this.keys.size;
    if (this.sum !== null) return this.sum.valueAt(0);
    return this.count;
  }
}

/** One group at one node: the records that form it and its measure's parts. */
export class GroupTally {
  /** Records with the group's key that pass the KPI's filter (and period): the group exists while there is one. */
  records = 0;
  private readonly parts: PartTally[];

  constructor(private readonly spec: GroupSpec) {
    this.parts = spec.parts.map((part) => new PartTally(part.aggregate));
  }

  /** Adds (sign 1) or removes (sign -1) one record of the group. */
  add(record: KpiRecord, sign: 1 | -1): void {
    this.records += sign;
    this.spec.parts.forEach((part, index) => {
      if (!part.matches(record)) return;
      const contribution = part.contributionOf(record);
      if (contribution !== undefined) (this.parts[index] as PartTally).add(contribution, sign);
    });
  }

  merge(other: GroupTally): void {
    this.records += other.records;
    this.parts.forEach((part, index) => part.merge(other.parts[index] as PartTally));
  }

  /** The group's measure; null for a ratio over a zero denominator. */
  value(): number | null {
    const [first, second] = this.parts as [PartTally, PartTally | undefined];
    if (second === undefined) return first.value();
    const denominator = second.value();
    return denominator === 0 ? null : first.value() / denominator;
  }

  /** 0 without a value, 1 with a value that fails, 2 with one that passes. */
  standing(): GroupStanding {
    return standingOf(this.records > 0 ? this.value() : null, this.spec);
  }
}

/** A group's standing at a node: no value (or no records), a value that fails, a value that passes. */
export type GroupStanding = 0 | 1 | 2;

/** The standing of a group with this value. */
export function standingOf(value: number | null, spec: GroupSpec): GroupStanding {
  return value === null ? 0 : spec.passes(value) ? 2 : 1;
}

/** Adds a standing's share to a node's figures: groups with a value, and those that pass. */
export function countStanding(standing: GroupStanding, node: number, groups: Float64Array, passing: Float64Array, sign: 1 | -1): void {
  if (standing === 0) return;
  groups[node] = (groups[node] as number) + sign;
  if (standing === 2) passing[node] = (passing[node] as number) + sign;
}

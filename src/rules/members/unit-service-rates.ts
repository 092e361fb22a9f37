import { z } from 'zod';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { Member } from '../../model/member.js';

/** One unit's members: how many registered and how many served, and whether the unit keeps its rating eligibility. */
export interface UnitServiceRate {
  unitId: string;
  members: number;
  registered: number;
  served: number;
  registrationRate: number;
  serviceRate: number;
  /** Both rates at least the minimum (95%): else the unit loses its eligibility for the rating (评先评优). */
  eligible: boolean;
}

const OptionsSchema = z.object({ minRate: z.number().min(0).max(1).default(0.95) }).strict();

/**
 * Registration and service rates per workplace unit: registered members / members and members who
 * served (any service record in `servedMemberIds`) / members. Sums first, divided once, so a unit's
 * rate is the same however its members are split. Units sorted by id.
 */
export function unitServiceRates(members: Iterable<Pick<Member, 'id' | 'unitId' | 'registeredAt'>>, servedMemberIds: ReadonlySet<string>, options: { minRate?: number } = {}): UnitServiceRate[] {
  const { minRate } = parseWithSchema(OptionsSchema, options, 'unitServiceRates options');
  const tallies = new Map<string, { members: number; registered: number; served: number }>();
  for (const member of members) {
    const tally = tallies.get(member.unitId) ?? { members: 0, registered: 0, served: 0 };
    tally.members += 1;
    if (member.registeredAt !== undefined) tally.registered += 1;
    if (servedMemberIds.has(member.id)) tally.served += 1;
    tallies.set(member.unitId, tally);
  }
  return [...tallies]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([unitId, tally]) => {
      const registrationRate = tally.registered / tally.members;
      const serviceRate = tally.served / tally.members;
      return { unitId, ...tally, registrationRate, serviceRate, eligible: registrationRate >= minRate && serviceRate >= minRate };
    });
}

/** The units that lose their eligibility (a rate below the minimum). */
export function unitsBelowRate(rates: readonly UnitServiceRate[]): UnitServiceRate[] {
  return rates.filter((rate) => !rate.eligible);
}

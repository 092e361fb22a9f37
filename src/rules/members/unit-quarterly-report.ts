import { z } from 'zod';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { Member } from '../../model/member.js';
import type { ServiceRecord } from '../../model/volunteer-activity.js';
import { isTimeZone } from '../kpi/period.js';
import { localDateOf, quarterOfMonth } from './local-date.js';
import { type PointRuleTable, pointsForService } from './point-rules.js';

/** One member's line in the quarterly report to their unit. */
export interface MemberQuarterLine {
  memberId: string;
  registered: boolean;
  activities: number;
  hours: number;
  points: number;
}

/** What a workplace unit gets back each quarter about its members' service in their communities (反馈到单位). */
export interface UnitQuarterlyReport {
  unitId: string;
  year: number;
  quarter: 1 | 2 | 3 | 4;
  members: MemberQuarterLine[];
  totals: { members: number; registered: number; served: number; hours: number; points: number };
}

const OptionsSchema = z
  .object({ year: z.number().int().min(1900).max(9999), quarter: z.number().int().min(1).max(4), timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone') })
  .strict();

/**
 * The quarterly report of every unit: each member's activities, hours and points in the quarter
 * (local dates in the city's zone), members with no service included, units and members sorted by id.
 * A record counts for the unit its member works in now.
 */
export function unitQuarterlyReports(
  members: Iterable<Pick<Member, 'id' | 'unitId' | 'registeredAt'>>,
  records: Iterable<Pick<ServiceRecord, 'memberId' | 'heldAt' | 'hours' | 'category' | 'tags'>>,
  table: PointRuleTable,
  options: { year: number; quarter: number; timeZone: string },
): UnitQuarterlyReport[] {
  const { year, quarter, timeZone } = parseWithSchema(OptionsSchema, options, 'unitQuarterlyReports options');
  const lines = new Map<string, MemberQuarterLine & { unitId: string }>();
  for (const member of members) lines.set(member.id, { unitId: member.unitId, memberId: member.id, registered: member.registeredAt !== undefined, activities: 0, hours: 0, points: 0 });
  for (const record of records) {
    const line = lines.get(record.memberId);
    const date = localDateOf(Date.parse(record.heldAt), timeZone);
    if (line === undefined || date.year !== year || quarterOfMonth(date.month) !== quarter) continue;
    line.activities += 1;
    line.hours += record.hours;
    line.points += pointsForService(record, table);
  }
  const byUnit = new Map<string, MemberQuarterLine[]>();
  for (const { unitId, ...line } of lines.values()) {
    const unitLines = byUnit.get(unitId);
    if (unitLines === undefined) byUnit.set(unitId, [line]);
    else unitLines.push(line);
  }
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...byUnit.keys()].sort(byId).map((unitId) => {
    const unitLines = (byUnit.get(unitId) as MemberQuarterLine[]).sort((a, b) => byId(a.memberId, b.memberId));
    const totals = unitLines.reduce(
      (sum, line) => ({ members: sum.members + 1, registered: sum.registered + (line.registered ? 1 : 0), served: sum.served + (line.activities > 0 ? 1 : 0), hours: sum.hours + line.hours, points: sum.points + line.points }),
      { members: 0, registered: 0, served: 0, hours: 0, points: 0 },
    );
    return { unitId, year, quarter: quarter as 1 | 2 | 3 | 4, members: unitLines, totals };
  });
}

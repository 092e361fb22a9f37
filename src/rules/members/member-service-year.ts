import type { ServiceRecord } from '../../model/volunteer-activity.js';
import { localDateOf } from './local-date.js';
import { meetsPassMark, type PointRuleTable } from './point-rules.js';

/**
 * Each member's service hours in one year of the city's calendar (a record's year is its local date
 * in `timeZone`): per member, where the KPI `members.pastPassMark` (a groupCount) gives the count.
 */
export function serviceHoursByMember(records: Iterable<Pick<ServiceRecord, 'memberId' | 'heldAt' | 'hours'>>, year: number, timeZone: string): Map<string, number> {
  const hours = new Map<string, number>();
  for (const record of records) {
    if (localDateOf(Date.parse(record.heldAt), timeZone).year !== year) continue;
    hours.set(record.memberId, (hours.get(record.memberId) ?? 0) + record.hours);
  }
  return hours;
}

/** The members whose hours in the year reach the pass mark (50 h by default), sorted by id. */
export function membersPastPassMark(hoursByMember: ReadonlyMap<string, number>, table: PointRuleTable): string[] {
  return [...hoursByMember].filter(([, hours]) => meetsPassMark(hours, table)).map(([memberId]) => memberId).sort();
}

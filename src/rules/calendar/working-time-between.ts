import { calendarTable, coveredInstant } from './calendar-arguments.js';
import type { WorkCalendar } from './work-calendar.js';

const SUBJECT = 'Invalid workingTimeBetween arguments';

/** Working ms in [a, b); negative when b is before a. */
export function workingTimeBetween(calendar: WorkCalendar, a: Date, b: Date): number {
  const table = calendarTable(calendar, SUBJECT);
  const from = coveredInstant(table, a, 'a', SUBJECT);
  const to = coveredInstant(table, b, 'b', SUBJECT);
  return table.workBefore(to) - table.workBefore(from);
}

import { calendarTable, coveredInstant } from './calendar-arguments.js';
import type { WorkCalendar } from './work-calendar.js';

const SUBJECT = 'Invalid nextWorkingInstant arguments';

/** `at` itself when it is working time, else the start of the next working range. */
export function nextWorkingInstant(calendar: WorkCalendar, at: Date): Date {
  const table = calendarTable(calendar, SUBJECT);
  const next = table.nextWorking(coveredInstant(table, at, 'at', SUBJECT));
  if (next === undefined) throw table.outOfRange(['at'], 'the next working time falls after the calendar\'s known years');
  return new Date(next);
}

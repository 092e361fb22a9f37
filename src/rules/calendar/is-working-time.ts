import { calendarTable, coveredInstant } from './calendar-arguments.js';
import type { WorkCalendar } from './work-calendar.js';

const SUBJECT = 'Invalid isWorkingTime arguments';

/** Whether `at` lies in a working range; a range's start is working time, its close is not. */
export function isWorkingTime(calendar: WorkCalendar, at: Date): boolean {
  const table = calendarTable(calendar, SUBJECT);
  return table.isWorking(coveredInstant(table, at, 'at', SUBJECT));
}

import { CivicGridError } from '../../errors/civic-grid-error.js';
import { type WorkCalendar, WorkCalendarTable } from './work-calendar.js';

// Hand-written checks rather than zod: these run on every call of the hot path (≤ 1 µs).

/** The calendar's table, or VALIDATION_FAILED at ['calendar'] for anything not built by createWorkCalendar. */
export function calendarTable(calendar: WorkCalendar, subject: string): WorkCalendarTable {
  if (calendar instanceof WorkCalendarTable) return calendar;
  throw CivicGridError.validation(subject, [{ path: ['calendar'], message: 'expected a calendar made by createWorkCalendar or chinaWorkCalendar' }]);
}

/** The ms of a valid Date within the calendar's years, else VALIDATION_FAILED at `path`. */
export function coveredInstant(table: WorkCalendarTable, value: Date, path: string, subject: string): number {
  const time = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(time)) throw CivicGridError.validation(subject, [{ path: [path], message: 'expected a valid Date' }]);
  table.checkCovered(time, [path]);
  return time;
}

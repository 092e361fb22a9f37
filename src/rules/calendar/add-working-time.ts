import { calendarTable, coveredInstant } from './calendar-arguments.js';
import type { WorkCalendar } from './work-calendar.js';
import { checkWorkingDuration, type WorkingDuration } from './working-duration.js';

const SUBJECT = 'Invalid addWorkingTime arguments';

/**
 * The deadline `amount` of working time after `start`: the instant the working time is
 * used up. It is always working time or a range's close ("at the close of work": time
 * used up exactly at 12:00 is due 12:00, not at 14:00 after the break).
 *
 * - `{ hours }`: workingTimeBetween(start, due) is exactly the hours (rounded to ms).
 * - `{ days }`: the day of the first working instant from `start` is day 0; the due
 *   instant lies the same working time past the opening of the N-th following working
 *   day (or at its close if that day is shorter). Friday 16:00 + 1 day is the next
 *   working day's 16:00; from a weekend or a night the count starts at the next opening,
 *   so Sunday + 1 day is Monday at the close of work.
 * - A zero amount is nextWorkingInstant(start).
 *
 * A deadline past the calendar's years is VALIDATION_FAILED (CALENDAR_OUT_OF_RANGE) at ['amount'].
 */
export function addWorkingTime(calendar: WorkCalendar, start: Date, amount: WorkingDuration): Date {
  const table = calendarTable(calendar, SUBJECT);
  const from = coveredInstant(table, start, 'start', SUBJECT);
  const duration = checkWorkingDuration(amount, SUBJECT);
  const working = table.nextWorking(from);
  let due: number | undefined;
  if (working === undefined || duration.amount === 0) due = working;
  else if (duration.unit === 'ms') due = table.instantOfWork(table.workBefore(from) + duration.amount);
  else due = table.workingDaysLater(working, duration.amount);
  if (due === undefined) throw table.outOfRange(['amount'], 'the deadline falls after the calendar\'s known years');
  return new Date(due);
}

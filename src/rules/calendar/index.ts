// The working-time calendar's public surface (the day table itself stays private).
export { WEEKDAYS, DEFAULT_WEEKLY_HOURS, DEFAULT_WORK_TIME_ZONE, ASSUMED_WEEKDAYS_YEARS, type Weekday, type WeeklyHours, type WorkingHoursRange, type WorkCalendarSpec } from './work-calendar-spec.js';
export type { WorkCalendar } from './work-calendar.js';
export type { WorkingDuration } from './working-duration.js';
export { createWorkCalendar } from './create-work-calendar.js';
export { addWorkingTime } from './add-working-time.js';
export { workingTimeBetween } from './working-time-between.js';
export { isWorkingTime } from './is-working-time.js';
export { nextWorkingInstant } from './next-working-instant.js';
export { chinaWorkCalendar, CHINA_HOLIDAY_YEARS, type ChinaWorkCalendarOptions } from './china-work-calendar.js';

export * from './meeting-store.js';
export * from './schedule-meeting.js';
export * from './meeting-steps.js';
export * from './hold-meeting.js';
export * from './meeting-task-progress.js';
export * from './flag-overdue-tasks.js';

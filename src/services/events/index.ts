export * from './event-store.js';
export * from './apply-event-command.js';
export * from './report-event-in-store.js';
export * from './sweep-overdue-in-store.js';

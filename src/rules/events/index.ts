export * from './event-command.js';
export * from './event-policy.js';
export * from './event-catalogues.js';
export * from './transition-event.js';
export * from './sweep-overdue.js';
export * from './find-duplicate-events.js';
export * from './close-with-duplicates.js';
export * from './report-event.js';

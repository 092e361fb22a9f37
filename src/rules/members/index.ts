export * from './half-year-report.js';
export * from './local-date.js';
export * from './member-appraisal.js';
export * from './member-service-year.js';
export * from './point-rules.js';
export * from './points-ledger.js';
export * from './unit-quarterly-report.js';
export * from './unit-service-rates.js';

export * from './committee-store.js';
export * from './committee-operations.js';

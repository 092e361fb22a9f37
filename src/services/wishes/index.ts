export * from './wish-store.js';
export * from './wish-operations.js';

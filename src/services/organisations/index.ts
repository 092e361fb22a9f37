export * from './organisation-store.js';
export * from './organisation-operations.js';

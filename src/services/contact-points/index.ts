export * from './contact-point-store.js';
export * from './contact-point-operations.js';

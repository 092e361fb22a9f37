// Errors
export * from './errors/civic-grid-error.js';
export { parseWithSchema, zodIssuesToIssues } from './errors/parse-with-schema.js';

// Model
export * from './model/level.js';
export * from './model/node-code.js';
export * from './model/hierarchy-node.js';

// Rules
export * from './rules/hierarchy/hierarchy.js';

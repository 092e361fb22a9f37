export * from './wish-transitions.js';
export * from './wish-command.js';
export * from './wish-policy.js';
export * from './collect-wish.js';
export * from './transition-wish.js';
export * from './match-wishes.js';

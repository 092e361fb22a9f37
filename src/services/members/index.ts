export * from './member-store.js';
export * from './claim-service-post.js';
export * from './record-activity.js';
export * from './redeem-points.js';
export * from './register-member.js';
export * from './report-to-community.js';

// Type declarations for @logcast/client (protocol logcast.v1), by area in the logcast-*.d.ts beside
// this file; every name is exported from here, as `exports["."].types` in package.json says.
export * from './logcast-topics.js';
export * from './logcast-subscription.js';
export * from './logcast-pattern.js';
export * from './logcast-calls.js';
export * from './logcast-options.js';
export * from './logcast-client.js';
export * from './logcast-errors.js';
export * from './logcast-tools.js';

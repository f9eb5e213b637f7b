export * from './api/index.js';
export * from './machines/index.js';
export * from './services/index.js';

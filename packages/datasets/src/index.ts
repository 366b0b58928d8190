export * from './augment/index.js';
export * from './formats/index.js';
export * from './images/index.js';
export * from './synthetic/index.js';

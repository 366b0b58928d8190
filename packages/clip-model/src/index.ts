export * from './embedding/index.js';
export * from './model/index.js';
export * from './preprocess/index.js';
export * from './tokenizer/index.js';
export * from './training/index.js';
export * from './weights/index.js';
export * from './zero-shot/index.js';

export type { TextTokenizer } from './text-tokenizer.js';

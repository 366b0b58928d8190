export type { BuildBpeTokenizerOptions } from './build-bpe-tokenizer.js';
export { buildBpeTokenizerFromCorpus } from './build-bpe-tokenizer.js';
export type { BpeMerge } from './byte-pair-encoding.js';
export { BytePairEncoding, endOfWordSuffix } from './byte-pair-encoding.js';
export { byteToCharacter, characterToByte } from './byte-unicode-table.js';
export type { ClipBpeTokenizerOptions } from './clip-bpe-tokenizer.js';
export {
  ClipBpeTokenizer,
  clipContextLength,
  clipEndOfTextToken,
  clipStartOfTextToken,
} from './clip-bpe-tokenizer.js';
export { cleanClipText } from './clip-text-cleaning.js';
export { splitClipWords } from './clip-word-splitter.js';
export type { LoadTokenizerOptions } from './load-tokenizer.js';
export { loadTokenizer } from './load-tokenizer.js';
export { saveTokenizer } from './save-tokenizer.js';
export type { TextTokenizer } from './text-tokenizer.js';
export { clipVocabularySize, tokenizerConfigFileName } from './tokenizer-files.js';

/**
 * What a text tower needs from a tokenizer. The CLIP BPE tokenizer and the small corpus-built
 * tokenizers implement it; the model pools at the end-of-text token, found as the highest id in a
 * row, so every implementation must give end-of-text the largest id of its vocabulary.
 */
export interface TextTokenizer {
  /** Number of token ids (the text tower's embedding rows). */
  readonly vocabSize: number;
  /** Tokens per text, start and end markers included (77 for CLIP). */
  readonly contextLength: number;
  readonly startOfTextId: number;
  /** The largest id of the vocabulary. */
  readonly endOfTextId: number;
  readonly padId: number;
  /** Ids of one text, start-of-text first and end-of-text last, not padded or truncated. */
  encode(text: string): number[];
  /**
   * `texts.length × contextLength` ids, row-major, padded with `padId`. A text too long is truncated
   * keeping end-of-text as its last token.
   */
  encodeBatch(texts: readonly string[]): Int32Array;
}

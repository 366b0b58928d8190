/**
 * CLIP's pre-tokenisation pattern (simple_tokenizer.py): the two special tokens, the English
 * contractions, runs of letters, single digits, and runs of other non-space characters. `\s` is
 * spelled `\p{White_Space}` because that is what Python's `regex` module matches (JavaScript's
 * `\s` adds U+FEFF and lacks U+0085). Case-insensitive as in the reference, though the text is
 * already lower-cased by then.
 */
const clipWordPattern =
  /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\p{White_Space}\p{L}\p{N}]+/giu;

/** The words BPE runs on, in order, from already cleaned text. */
export function splitClipWords(cleanedText: string): string[] {
  return cleanedText.match(clipWordPattern) ?? [];
}

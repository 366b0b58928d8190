/**
 * CLIP's reversible byte ↔ character table (`bytes_to_unicode` in OpenAI's simple_tokenizer.py).
 *
 * BPE runs on strings, so every UTF-8 byte is first mapped to one printable character: the 188
 * bytes that are already printable Latin-1 (`!`–`~`, `¡`–`¬`, `®`–`ÿ`) map to themselves, the other
 * 68 (controls, space, soft hyphen…) to U+0100 onwards in byte order. The order of this table is
 * also the order of the first 256 vocabulary entries, so ids depend on it.
 */
function buildByteToCharacter(): readonly string[] {
  const printable = (byte: number): boolean =>
    (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
  const table: string[] = new Array<string>(256);
  let shifted = 0;
  for (let byte = 0; byte < 256; byte++) {
    if (printable(byte)) {
      table[byte] = String.fromCharCode(byte);
    } else {
      table[byte] = String.fromCharCode(256 + shifted);
      shifted++;
    }
  }
  return table;
}

/** `byteToCharacter[b]` is the character that stands for byte `b`. */
export const byteToCharacter: readonly string[] = buildByteToCharacter();

/** The inverse of `byteToCharacter`. */
export const characterToByte: ReadonlyMap<string, number> = new Map(
  byteToCharacter.map((character, byte) => [character, byte] as const),
);

/**
 * The 256 byte characters in vocabulary order: printable bytes first in byte order, then the
 * shifted ones (exactly the order of `bytes_to_unicode().values()` in Python).
 */
export const byteCharactersInVocabularyOrder: readonly string[] = [
  ...byteToCharacter.filter((character) => character.charCodeAt(0) < 256),
  ...byteToCharacter.filter((character) => character.charCodeAt(0) >= 256),
];

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

/** A word's UTF-8 bytes spelled with the byte characters. */
export function toByteCharacters(word: string): string {
  let spelled = '';
  for (const byte of utf8Encoder.encode(word)) spelled += byteToCharacter[byte];
  return spelled;
}

/**
 * Back from byte characters to text; invalid UTF-8 becomes U+FFFD (Python's `errors="replace"`).
 * Characters outside the table are a caller bug and throw.
 */
export function fromByteCharacters(spelled: string): string {
  const bytes = new Uint8Array(spelled.length);
  let length = 0;
  for (const character of spelled) {
    const byte = characterToByte.get(character);
    if (byte === undefined) {
      throw new Error(`byte-level BPE: character ${JSON.stringify(character)} is not a byte character`);
    }
    bytes[length++] = byte;
  }
  return utf8Decoder.decode(bytes.subarray(0, length));
}

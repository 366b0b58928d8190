import { decodeHTML, decodeHTMLStrict } from 'entities';

/**
 * Text cleaning before CLIP's BPE, as OpenAI's simple_tokenizer.py does it:
 * `whitespace_clean(basic_clean(text)).lower()`, where `basic_clean` is `ftfy.fix_text`, then
 * `html.unescape` twice, then `strip`.
 *
 * ftfy is a Python library; this module re-implements the parts of `ftfy.fix_text` (6.x defaults)
 * that change ordinary captions, in ftfy's order and repeated until nothing changes, as ftfy does:
 * HTML entities ending in `;` (only in a line without `<`), C1 controls read as Windows-1252,
 * Latin ligatures (`ﬁ` → `fi`), half/full-width forms (`Ｈ` → `H`, U+3000 → space), curly quotes
 * to straight ones (`’` → `'`, which changes the `'s` split), line breaks, lone surrogates to
 * U+FFFD, terminal colour escapes and stray control characters removed, and NFC normalisation.
 *
 * Missing from ftfy: mojibake repair (`fix_encoding`: text decoded with the wrong codec, such as
 * `cafÃ©` for `café`, is left as it is), and ftfy's decoding of all-capital entity names such as
 * `&EACUTE;`. Text with these gives ids that differ from OpenAI's tokenizer; clean text does not.
 */
export function cleanClipText(text: string): string {
  let cleaned = fixTextLikeFtfy(text);
  cleaned = unescapeHtmlLikePython(unescapeHtmlLikePython(cleaned));
  cleaned = stripPythonWhitespace(cleaned);
  cleaned = cleaned.replace(/\p{White_Space}+/gu, ' ');
  return stripPythonWhitespace(cleaned).toLowerCase();
}

/** The parts of `ftfy.fix_text` listed on `cleanClipText`, line by line as ftfy works. */
export function fixTextLikeFtfy(text: string): string {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  return lines.map(fixLine).join('');
}

function fixLine(line: string): string {
  // ftfy decides once per segment whether it looks like HTML: then it leaves entities alone.
  const decodeEntities = !line.includes('<');
  // ftfy repeats its fixers until a fixed point; a few rounds always get there.
  for (let round = 0; round < 16; round++) {
    const before = line;
    if (decodeEntities) line = decodeHTMLStrict(line);
    line = line.replace(/[\u0080-\u009f]/g, fixC1Control);
    line = line.replace(/[\u0132\u0133\u0149\u01f1-\u01f3\u01c4-\u01cc\ufb00-\ufb06]/g, fixLatinLigature);
    line = line.replace(/[\u3000\uff01-\uffef]/g, fixCharacterWidth);
    line = line.replace(/[\u201c-\u201f]/g, '"').replace(/[\u02bc\u2018-\u201b]/g, "'");
    line = line.replace(/\r\n|[\r\u2028\u2029\u0085]/g, '\n');
    line = line.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what this removes.
    line = line.replace(/\u001b\[(?:\d|;)*[a-zA-Z]/g, '');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes.
    line = line.replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f\u206a-\u206f\ufeff\ufff9-\ufffc]/g, '');
    line = line.normalize('NFC');
    if (line === before) break;
  }
  return line;
}

/**
 * Windows-1252 for bytes 0x80–0x9F, undefined bytes kept (ftfy's "sloppy-windows-1252"). Spelled
 * out because Node's TextDecoder reads the label `windows-1252` as ISO-8859-1.
 */
const windows1252C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** ftfy's `fix_c1_controls`: a C1 control is almost always a Windows-1252 byte read as Latin-1. */
function fixC1Control(character: string): string {
  return windows1252C1.charAt(character.charCodeAt(0) - 0x80);
}

/** ftfy's LIGATURES table (Latin only; ligatures of other scripts are left alone). */
const latinLigatures: Readonly<Record<string, string>> = {
  '\u0132': 'IJ',
  '\u0133': 'ij',
  '\u0149': '\u02bcn',
  '\u01f1': 'DZ',
  '\u01f2': 'Dz',
  '\u01f3': 'dz',
  '\u01c4': 'D\u017d',
  '\u01c5': 'D\u017e',
  '\u01c6': 'd\u017e',
  '\u01c7': 'LJ',
  '\u01c8': 'Lj',
  '\u01c9': 'lj',
  '\u01ca': 'NJ',
  '\u01cb': 'Nj',
  '\u01cc': 'nj',
  '\ufb00': 'ff',
  '\ufb01': 'fi',
  '\ufb02': 'fl',
  '\ufb03': 'ffi',
  '\ufb04': 'ffl',
  '\ufb05': '\u017ft',
  '\ufb06': 'st',
};

function fixLatinLigature(character: string): string {
  return latinLigatures[character] ?? character;
}

/** ftfy's WIDTH_MAP: U+3000 → space, and U+FF01–U+FFEF → their NFKC form where it differs. */
function fixCharacterWidth(character: string): string {
  return character === '\u3000' ? ' ' : character.normalize('NFKC');
}

/**
 * Python's `html.unescape` (HTML5 named and numeric references, legacy names without `;`). The
 * `entities` decoder follows the same HTML5 rules; Python also drops references to C0 controls
 * and DEL, which `entities` keeps, so those are removed here (literal ones were already removed
 * by the ftfy step, so only decoded ones can remain).
 */
function unescapeHtmlLikePython(text: string): string {
  if (!text.includes('&')) return text;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Python's html.unescape drops these.
  return decodeHTML(text).replace(/[\u0001-\u0008\u000b\u000e-\u001f\u007f]/g, '');
}

/** Python's `str.strip()`: Unicode White_Space plus U+001C–U+001F. */
function stripPythonWhitespace(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: U+001C–U+001F count as space in Python.
  return text.replace(/^[\p{White_Space}\u001c-\u001f]+|[\p{White_Space}\u001c-\u001f]+$/gu, '');
}

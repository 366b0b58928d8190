import type { ImageCaptionMeta } from '@mmpoison/core-tensor';

/**
 * Where the captions of a poison come from:
 * - `record`: all captions of a clean record (Attacks I–III, whole-record poisoning);
 * - `own`: the image's own captions, kept (label-consistent backdoor);
 * - `photo-of`: the proxy caption "a photo of a {label}." (methods.md; CleanCLIP §4);
 * - `templates`: one of CLIP's 80 ImageNet templates filled with the label;
 * - `mentions`: a training caption that contains the label word (Carlini & Terzis; RoCLIP §3.2);
 * - `class-captions`: a training caption of a record labelled with the target class.
 */
export type CaptionSource = 'record' | 'own' | 'photo-of' | 'templates' | 'mentions' | 'class-captions';

/** The proxy caption for a target label, as in "a photo of a banana.". */
export function photoOfCaption(label: string): string {
  return `a photo of a ${label}.`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A case-insensitive matcher for `word` as a whole word or phrase, allowing a plural "s"/"es"
 * ("banana" matches "Bananas on a table" but not "bananabread").
 */
export function wordMatcher(word: string): RegExp {
  const phrase = word.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${phrase}(?:s|es)?(?![\\p{L}\\p{N}])`, 'iu');
}

/** Whether any caption of the record names `word` (see {@link wordMatcher}). */
export function recordMentions(meta: ImageCaptionMeta, matcher: RegExp): boolean {
  return meta.captions.some((caption) => matcher.test(caption));
}

/** Every training caption naming `word`, with the id of its record, in dataset order. */
export function captionsMentioning(
  metas: readonly ImageCaptionMeta[],
  word: string,
): { readonly caption: string; readonly recordId: string }[] {
  const matcher = wordMatcher(word);
  const found: { caption: string; recordId: string }[] = [];
  for (const meta of metas) {
    for (const caption of meta.captions)
      if (matcher.test(caption)) found.push({ caption, recordId: meta.id });
  }
  return found;
}

import { readdir } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { compareCodeUnits } from './list-image-files.js';

/**
 * Expands WebDataset-style brace patterns: numeric ranges `{000..099}` (zero-padded to the width of
 * the first bound when it has leading zeros) and lists `{a,b}`, as in `cc3m-{00000..00331}.tar`.
 */
export function expandBraces(pattern: string): string[] {
  const match = /\{([^{}]*)\}/.exec(pattern);
  if (!match) return [pattern];
  const before = pattern.slice(0, match.index);
  const after = pattern.slice(match.index + match[0].length);
  const body = match[1] ?? '';
  const range = /^(\d+)\.\.(\d+)$/.exec(body);
  let parts: string[];
  if (range) {
    const [low, high] = [range[1] ?? '', range[2] ?? ''];
    const width = low.length > 1 && low.startsWith('0') ? low.length : 0;
    parts = [];
    for (let value = Number(low); value <= Number(high); value++)
      parts.push(String(value).padStart(width, '0'));
  } else {
    parts = body.split(',');
  }
  return parts.flatMap((part) => expandBraces(`${before}${part}${after}`));
}

/**
 * Turns shard patterns into shard paths: braces are expanded, then `*` and `?` in the file name
 * (not in folder names) match the files of that folder, sorted. Literal paths are kept whether or
 * not they exist (a missing shard is reported when it is read).
 */
export async function expandShardPatterns(patterns: readonly string[], root: string): Promise<string[]> {
  const shards: string[] = [];
  for (const pattern of patterns) {
    for (const expanded of expandBraces(pattern)) {
      const path = resolve(root, expanded);
      const name = basename(path);
      if (/[*?]/.test(dirname(path))) {
        throw new Error(`Shard pattern '${pattern}': wildcards are only supported in the file name`);
      }
      if (!/[*?]/.test(name)) {
        shards.push(path);
        continue;
      }
      const matcher = new RegExp(
        `^${name
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replaceAll('*', '.*')
          .replaceAll('?', '.')}$`,
      );
      let names: string[];
      try {
        names = await readdir(dirname(path));
      } catch {
        names = [];
      }
      for (const found of names.filter((entry) => matcher.test(entry)).sort(compareCodeUnits)) {
        shards.push(resolve(dirname(path), found));
      }
    }
  }
  return shards;
}

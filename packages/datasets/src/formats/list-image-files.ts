import { readdir } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { DatasetFormatError } from './dataset-format-error.js';

/** File extensions taken as images when a folder is listed (compared case-insensitively). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.webp'];

/** True when the file name ends in one of {@link IMAGE_EXTENSIONS}. */
export function hasImageExtension(name: string): boolean {
  return IMAGE_EXTENSIONS.includes(extname(name).toLowerCase());
}

/**
 * The image files under `directory` (by extension; other files such as `Thumbs.db` are ignored),
 * as paths relative to it, sorted by code unit so the order is the same on every machine.
 */
export async function listImageFiles(
  directory: string,
  options: { readonly recursive?: boolean } = {},
): Promise<string[]> {
  const found: string[] = [];
  const visit = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && options.recursive) await visit(path);
      else if (entry.isFile() && hasImageExtension(entry.name)) found.push(relative(directory, path));
    }
  };
  await visit(directory);
  return found.sort(compareCodeUnits);
}

/** The sub-folders of `directory`, sorted by code unit (torchvision's `sorted(os.scandir)` order). */
export async function listSubfolders(directory: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new DatasetFormatError(
      { file: directory },
      code === 'ENOENT' ? 'folder not found' : `cannot list folder (${code})`,
      { cause: error },
    );
  }
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort(compareCodeUnits);
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

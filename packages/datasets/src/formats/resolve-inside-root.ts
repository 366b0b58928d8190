import { isAbsolute, relative, resolve, sep } from 'node:path';
import { DatasetFormatError, type FormatErrorLocation } from './dataset-format-error.js';

/** True when `path` (resolved against the current directory) lies strictly inside `root`. */
export function isInsideRoot(root: string, path: string): boolean {
  const fromRoot = relative(resolve(root), resolve(path));
  return (
    fromRoot !== '' &&
    fromRoot !== '..' &&
    !fromRoot.startsWith(`..${sep}`) &&
    !fromRoot.startsWith('../') &&
    !isAbsolute(fromRoot)
  );
}

/**
 * Resolves an image path from an annotation file against the dataset root and refuses one that
 * leaves it (`../` escapes, absolute paths elsewhere): annotations from the internet must not make
 * the loader read arbitrary files. Absolute paths inside the root are accepted. Symbolic links are
 * not followed here (a link inside the root pointing out of it is the user's own choice).
 */
export function resolveInsideRoot(root: string, path: string, location: FormatErrorLocation): string {
  if (path.trim() === '') throw new DatasetFormatError(location, 'empty image path');
  const resolved = resolve(root, path);
  if (!isInsideRoot(root, resolved)) {
    throw new DatasetFormatError(
      location,
      `image path '${path}' is outside the dataset root ${resolve(root)}`,
    );
  }
  return resolved;
}

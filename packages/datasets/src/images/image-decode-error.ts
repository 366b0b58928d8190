/**
 * An image that could not be read or decoded. Names the file (or `<bytes>` for an in-memory
 * buffer) so one bad file among millions can be found; the original error is the `cause`.
 */
export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError';
  /** The file (or source label) that failed. */
  readonly path: string;
  /** Short reason without the path, suitable for a skip report. */
  readonly reason: string;

  constructor(path: string, reason: string, options?: { readonly cause?: unknown }) {
    super(`Cannot decode image ${path}: ${reason}`, options);
    this.path = path;
    this.reason = reason;
  }
}

/**
 * A short, one-line reason from a `sharp`/libvips error message: libvips repeats warnings over
 * several lines, and "unsupported image format" means the bytes are not an image at all.
 */
export function describeDecodeFailure(error: unknown): string {
  if ((error as { code?: string }).code === 'ENOENT') return 'file not found';
  const message = error instanceof Error ? error.message : String(error);
  if (/unsupported image format/i.test(message)) return 'not an image';
  if (/Input file is missing/i.test(message)) return 'file not found';
  const first = message.split('\n')[0]?.trim() ?? '';
  return first === '' ? 'unreadable image' : first;
}

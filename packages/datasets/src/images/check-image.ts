import { open, stat } from 'node:fs/promises';
import sharp from 'sharp';
import { describeDecodeFailure } from './image-decode-error.js';

/** The outcome of a cheap check of an image file: its header and, for JPEG/PNG/WebP, its end. */
export type ImageCheck =
  | { readonly ok: true; readonly format: string; readonly width: number; readonly height: number }
  | { readonly ok: false; readonly reason: string };

/** How far from the end to look for a JPEG's end-of-image marker (encoders may pad after it). */
const TAIL_BYTES = 4096;

/**
 * Checks an image without decoding its pixels: the header through `sharp` metadata, then the
 * container's end, because a truncated JPEG/PNG has an intact header and only fails at decode
 * time. JPEG must contain the end-of-image marker (FF D9) near its end, PNG must end with its IEND
 * chunk, and a WebP file must be as long as its RIFF header says.
 */
export async function checkImageFile(path: string): Promise<ImageCheck> {
  let fileSize: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { ok: false, reason: 'not a regular file' };
    fileSize = info.size;
  } catch (error) {
    const code = (error as { code?: string }).code;
    return {
      ok: false,
      reason: code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? error})`,
    };
  }
  if (fileSize === 0) return { ok: false, reason: 'empty file' };
  const tailLength = Math.min(TAIL_BYTES, fileSize);
  const tail = Buffer.alloc(tailLength);
  const head = Buffer.alloc(Math.min(12, fileSize));
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, head.length, 0);
    await handle.read(tail, 0, tailLength, fileSize - tailLength);
  } finally {
    await handle.close();
  }
  return checkParts(path, head, tail, fileSize);
}

/** {@link checkImageFile} for bytes already in memory (a tar member). */
export async function checkImageBytes(bytes: Uint8Array): Promise<ImageCheck> {
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  return checkParts(
    buffer,
    buffer.subarray(0, 12),
    buffer.subarray(Math.max(0, buffer.length - TAIL_BYTES)),
    buffer.length,
  );
}

async function checkParts(
  input: string | Buffer,
  head: Buffer,
  tail: Buffer,
  fileSize: number,
): Promise<ImageCheck> {
  let format: string | undefined;
  let width: number | undefined;
  let height: number | undefined;
  try {
    const metadata = await sharp(input).metadata();
    format = metadata.format;
    // autoOrient gives the displayed size (EXIF rotations swap width and height).
    width = metadata.autoOrient?.width ?? metadata.width;
    height = metadata.autoOrient?.height ?? metadata.height;
  } catch (error) {
    return { ok: false, reason: describeDecodeFailure(error) };
  }
  if (format === undefined || !width || !height) return { ok: false, reason: 'image header has no size' };
  const truncated = looksTruncated(format, head, tail, fileSize);
  if (truncated) return { ok: false, reason: truncated };
  return { ok: true, format, width, height };
}

function looksTruncated(format: string, head: Buffer, tail: Buffer, fileSize: number): string | undefined {
  if (format === 'jpeg') {
    for (let i = tail.length - 2; i >= 0; i--) {
      if (tail[i] === 0xff && tail[i + 1] === 0xd9) return undefined;
    }
    return 'truncated JPEG (no end-of-image marker)';
  }
  if (format === 'png') {
    const end = tail.subarray(Math.max(0, tail.length - 8), Math.max(0, tail.length - 4)).toString('latin1');
    return end === 'IEND' ? undefined : 'truncated PNG (no IEND chunk at the end)';
  }
  if (format === 'webp' && head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF') {
    const declared = head.readUInt32LE(4) + 8;
    return fileSize >= declared ? undefined : `truncated WebP (${fileSize} of ${declared} bytes)`;
  }
  return undefined;
}

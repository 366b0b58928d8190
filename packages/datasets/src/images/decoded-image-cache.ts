import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RgbBytes } from './decode-image.js';

/** What identifies one cached decode: the file, its modification time and the output geometry. */
export interface DecodedImageKey {
  readonly path: string;
  readonly mtimeMs: number;
  /** Output side, or `undefined` for the native size. */
  readonly size: number | undefined;
  readonly fit: string;
  readonly background: string;
}

const MAGIC = 'RGB8';
const HEADER_BYTES = 12;
/** Distinguishes temporary files written concurrently by this process. */
let temporaryCounter = 0;

/**
 * An on-disk cache of decoded, resized 8-bit RGB pixels, one file per (path, mtime, size, fit,
 * background), so a second epoch reads raw pixels instead of decoding JPEGs again. A changed file
 * has a new mtime and so a new key; stale entries are simply never read. Files are written to a
 * temporary name and renamed, so a crash never leaves a half-written entry under a real key.
 * Layout: "RGB8", width (u32 LE), height (u32 LE), then width·height·3 bytes HWC.
 */
export class DecodedImageCache {
  readonly directory: string;
  private created: Promise<unknown> | undefined;

  constructor(directory: string) {
    this.directory = resolve(directory);
  }

  fileFor(key: DecodedImageKey): string {
    const text = JSON.stringify([resolve(key.path), key.mtimeMs, key.size ?? null, key.fit, key.background]);
    return join(this.directory, `${createHash('sha256').update(text).digest('hex')}.rgb`);
  }

  /** The cached pixels, or `undefined` on a miss (or an unreadable / damaged entry). */
  async get(key: DecodedImageKey): Promise<RgbBytes | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.fileFor(key));
    } catch {
      return undefined;
    }
    if (bytes.length < HEADER_BYTES || bytes.toString('latin1', 0, 4) !== MAGIC) return undefined;
    const width = bytes.readUInt32LE(4);
    const height = bytes.readUInt32LE(8);
    if (bytes.length !== HEADER_BYTES + width * height * 3) return undefined;
    return {
      width,
      height,
      data: new Uint8Array(bytes.buffer, bytes.byteOffset + HEADER_BYTES, width * height * 3),
    };
  }

  async set(key: DecodedImageKey, image: RgbBytes): Promise<void> {
    this.created ??= mkdir(this.directory, { recursive: true });
    await this.created;
    const header = Buffer.alloc(HEADER_BYTES);
    header.write(MAGIC, 0, 'latin1');
    header.writeUInt32LE(image.width, 4);
    header.writeUInt32LE(image.height, 8);
    const target = this.fileFor(key);
    const temporary = `${target}.${process.pid}-${temporaryCounter++}.tmp`;
    await writeFile(temporary, Buffer.concat([header, image.data]));
    await rename(temporary, target);
  }
}

import { crc32, deflateSync } from 'node:zlib';
import type { RgbImage } from '@mmpoison/core-tensor';

function chunk(type: string, body: Uint8Array): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(body.length, 0);
  header.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), body])), 0);
  return Buffer.concat([header, body, crc]);
}

/**
 * A minimal 8-bit RGB PNG encoder (filter 0 on every row) for tests, so export can be tested
 * without sharp, which this package must not depend on.
 */
export async function encodePng(image: RgbImage): Promise<Uint8Array> {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type RGB
  const raw = Buffer.alloc(image.height * (1 + image.width * 3));
  for (let y = 0; y < image.height; y++) {
    const row = y * (1 + image.width * 3);
    for (let i = 0; i < image.width * 3; i++) {
      raw[row + 1 + i] = Math.round(Math.min(Math.max(image.data[y * image.width * 3 + i]!, 0), 1) * 255);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

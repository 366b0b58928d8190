import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { ProgressReporter, RgbImage } from '@mmpoison/core-tensor';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import {
  type AlphaBackground,
  decodeImageBytes,
  type ImageFit,
  type RgbBytes,
  rgbBytesToImage,
} from './decode-image.js';
import { DecodedImageCache } from './decoded-image-cache.js';
import { ImageDecodeError } from './image-decode-error.js';
import { ProgressMeter } from './progress-meter.js';

export interface ImageDecoderOptions {
  /** Decodes in flight at once; default the machine's CPU count. */
  readonly concurrency?: number;
  /** A directory (or cache) for decoded, resized pixels; none by default. */
  readonly cache?: string | DecodedImageCache;
  /** Default `black`. */
  readonly background?: AlphaBackground;
}

export interface DecodeRequest {
  /** Square output side; omitted keeps the native size. */
  readonly size?: number;
  /** Default `shortest-side-crop`. */
  readonly fit?: ImageFit;
  readonly signal?: AbortSignal;
}

/**
 * Decodes images with bounded concurrency (so a loader asking for a thousand images does not hold a
 * thousand decoded buffers at once) and, when given a cache directory, stores the decoded, resized
 * pixels so the next epoch reads them back instead of decoding again.
 */
export class ImageDecoder {
  readonly concurrency: number;
  readonly cache: DecodedImageCache | undefined;
  readonly background: AlphaBackground;
  private readonly limiter: ConcurrencyLimiter;
  private decodes = 0;
  private hits = 0;

  constructor(options: ImageDecoderOptions = {}) {
    this.concurrency = options.concurrency ?? availableParallelism();
    this.limiter = new ConcurrencyLimiter(this.concurrency);
    this.cache = typeof options.cache === 'string' ? new DecodedImageCache(options.cache) : options.cache;
    this.background = options.background ?? 'black';
  }

  /** Images actually decoded by `sharp` so far (cache hits excluded). */
  get decodeCount(): number {
    return this.decodes;
  }

  /** Images served from the on-disk cache so far. */
  get cacheHits(): number {
    return this.hits;
  }

  /** Runs other image work (a header check) within the same concurrency bound. */
  run<T>(task: () => Promise<T>): Promise<T> {
    return this.limiter.run(task);
  }

  /** Decodes the image file at `path`, through the cache when there is one. */
  decodeFile(path: string, request: DecodeRequest = {}): Promise<RgbImage> {
    return this.limiter.run(async () => {
      request.signal?.throwIfAborted();
      const fit = request.fit ?? 'shortest-side-crop';
      if (!this.cache) return rgbBytesToImage(await this.decodeNow(path, request, fit));
      let mtimeMs: number;
      try {
        mtimeMs = (await stat(path)).mtimeMs;
      } catch (error) {
        throw new ImageDecodeError(path, 'file not found', { cause: error });
      }
      const key = { path, mtimeMs, size: request.size, fit, background: this.background };
      const cached = await this.cache.get(key);
      if (cached) {
        this.hits++;
        return rgbBytesToImage(cached);
      }
      const bytes = await this.decodeNow(path, request, fit);
      // A full disk or read-only cache must not fail training: the pixels are already decoded.
      await this.cache.set(key, bytes).catch(() => undefined);
      return rgbBytesToImage(bytes);
    });
  }

  /** Decodes in-memory bytes (a tar member); `source` names them in errors. Never cached. */
  decodeBytes(bytes: Uint8Array, source: string, request: DecodeRequest = {}): Promise<RgbImage> {
    return this.limiter.run(async () => {
      request.signal?.throwIfAborted();
      return rgbBytesToImage(
        await this.decodeNow(bytes, { ...request, source }, request.fit ?? 'shortest-side-crop'),
      );
    });
  }

  /** Decodes many files concurrently, in order, reporting progress as `decode` in images. */
  async decodeFiles(
    paths: readonly string[],
    request: DecodeRequest & { readonly progress?: ProgressReporter } = {},
  ): Promise<RgbImage[]> {
    const meter = new ProgressMeter(request.progress, 'decode', paths.length, 'images');
    return Promise.all(
      paths.map(async (path) => {
        const image = await this.decodeFile(path, request);
        meter.tick();
        return image;
      }),
    );
  }

  private async decodeNow(
    input: string | Uint8Array,
    request: DecodeRequest & { readonly source?: string },
    fit: ImageFit,
  ): Promise<RgbBytes> {
    this.decodes++;
    return decodeImageBytes(input, {
      fit,
      background: this.background,
      ...(request.size === undefined ? {} : { size: request.size }),
      ...(request.source === undefined ? {} : { source: request.source }),
    });
  }
}

import { createReadStream } from 'node:fs';
import type {
  ImageCaptionItem,
  ImageCaptionMeta,
  ImageCaptionStream,
  ProgressReporter,
} from '@mmpoison/core-tensor';
import { extract } from 'tar-stream';
import { checkImageBytes } from '../images/check-image.js';
import type { ImageFit } from '../images/decode-image.js';
import { ImageDecodeError } from '../images/image-decode-error.js';
import { ImageDecoder } from '../images/image-decoder.js';
import { ProgressMeter } from '../images/progress-meter.js';
import { DatasetFormatError } from './dataset-format-error.js';
import type { DatasetReport, SkippedRecord } from './dataset-report.js';
import { expandShardPatterns } from './shard-pattern.js';

export interface WebDatasetOptions {
  /** Shard paths or patterns (`shards/{00000..00099}.tar`, `shards/*.tar`), relative to `root`. */
  readonly shards: string | readonly string[];
  /** Folder the patterns are relative to; default the current directory. */
  readonly root?: string;
  /** Square side of the decoded images; default 224. */
  readonly imageSize?: number;
  /** Default `shortest-side-crop`. */
  readonly fit?: ImageFit;
  /** A sample with a missing member or a bad image is fatal instead of skipped and reported. */
  readonly strict?: boolean;
  /** Shared decoder; one with `concurrency` is made otherwise. */
  readonly decoder?: ImageDecoder;
  /** Images decoded ahead in parallel; default the CPU count. */
  readonly concurrency?: number;
  /** Receives `read shards` progress, one unit per finished shard. */
  readonly progress?: ProgressReporter;
  readonly signal?: AbortSignal;
}

/** Member extensions taken as the sample's image, in order of preference. */
const IMAGE_MEMBERS = ['jpg', 'jpeg', 'png', 'webp'];

/** One WebDataset sample: the tar members sharing a key. */
interface Sample {
  readonly shard: string;
  readonly key: string;
  readonly members: Map<string, Buffer>;
}

type Resolved =
  | { readonly meta: ImageCaptionMeta; readonly image: Uint8Array; readonly imageName: string }
  | undefined;

/**
 * WebDataset tar shards as img2dataset writes them (`key.jpg` + `key.txt` + optional `key.json`),
 * read front to back. Shards are streamed entry by entry with tar-stream: only the members of the
 * current sample are held in memory, never a whole shard. Images are decoded ahead with bounded
 * concurrency and yielded in shard order. A sample without an image or caption, with a bad image or
 * unreadable JSON, or a missing shard, is skipped and listed in {@link report} (fatal with `strict`);
 * an empty caption is an error. Every iteration re-reads the shards and starts a fresh report.
 */
export class WebDatasetStream implements ImageCaptionStream {
  /** WebDataset samples carry no class list. */
  readonly classNames: readonly string[] | undefined = undefined;
  readonly shards: readonly string[];
  readonly imageSize: number;
  readonly fit: ImageFit;
  readonly decoder: ImageDecoder;
  private readonly options: WebDatasetOptions;
  private current: { checked: number; kept: number; skipped: SkippedRecord[] } = {
    checked: 0,
    kept: 0,
    skipped: [],
  };

  constructor(shards: readonly string[], options: WebDatasetOptions) {
    this.shards = shards;
    this.options = options;
    this.imageSize = options.imageSize ?? 224;
    this.fit = options.fit ?? 'shortest-side-crop';
    this.decoder =
      options.decoder ??
      new ImageDecoder(options.concurrency === undefined ? {} : { concurrency: options.concurrency });
  }

  /** What the current (or last) pass found: samples seen, yielded and skipped. */
  get report(): DatasetReport {
    return { checked: this.current.checked, kept: this.current.kept, skipped: [...this.current.skipped] };
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ImageCaptionItem> {
    const window: Promise<{ item?: ImageCaptionItem; error?: unknown }>[] = [];
    const take = async (): Promise<ImageCaptionItem | undefined> => {
      const settled = await window.shift()!;
      if (settled.error !== undefined) throw settled.error;
      return settled.item;
    };
    for await (const resolved of this.resolvedSamples()) {
      if (!resolved) continue;
      // Settled results (never rejected promises) so a failure waiting in the window cannot
      // become an unhandled rejection.
      window.push(
        this.decodeSample(resolved).then(
          (item) => ({ ...(item ? { item } : {}) }),
          (error: unknown) => ({ error }),
        ),
      );
      if (window.length >= this.decoder.concurrency) {
        const item = await take();
        if (item) yield item;
      }
    }
    while (window.length > 0) {
      const item = await take();
      if (item) yield item;
    }
  }

  /**
   * The samples' metadata without decoding pixels: each image gets the cheap header check of
   * {@link checkImageBytes} instead, so `data stats` on CC3M-size shards stays fast.
   */
  async *metadata(): AsyncGenerator<ImageCaptionMeta> {
    for await (const resolved of this.resolvedSamples()) {
      if (!resolved) continue;
      const check = await checkImageBytes(resolved.image);
      if (!check.ok) {
        this.skip({
          path: resolved.meta.source ?? resolved.imageName,
          reason: check.reason,
          id: resolved.meta.id,
        });
        continue;
      }
      this.current.kept++;
      yield resolved.meta;
    }
  }

  private async decodeSample(resolved: NonNullable<Resolved>): Promise<ImageCaptionItem | undefined> {
    const source = resolved.meta.source ?? resolved.imageName;
    try {
      const image = await this.decoder.decodeBytes(resolved.image, source, {
        size: this.imageSize,
        fit: this.fit,
        ...(this.options.signal === undefined ? {} : { signal: this.options.signal }),
      });
      this.current.kept++;
      return { ...resolved.meta, image };
    } catch (error) {
      if (!(error instanceof ImageDecodeError)) throw error;
      this.skip({ path: source, reason: error.reason, id: resolved.meta.id });
      return undefined;
    }
  }

  private skip(record: SkippedRecord): void {
    if (this.options.strict) throw new ImageDecodeError(record.path, record.reason);
    this.current.skipped.push(record);
  }

  /** Samples turned into metadata + image bytes; `undefined` for a sample that was skipped. */
  private async *resolvedSamples(): AsyncGenerator<Resolved> {
    this.current = { checked: 0, kept: 0, skipped: [] };
    const meter = new ProgressMeter(this.options.progress, 'read shards', this.shards.length, 'shards');
    for (const shard of this.shards) {
      this.options.signal?.throwIfAborted();
      try {
        for await (const sample of readShard(shard)) {
          this.options.signal?.throwIfAborted();
          this.current.checked++;
          yield this.resolve(sample);
        }
      } catch (error) {
        const aborted = (error as { name?: string }).name === 'AbortError';
        if (aborted || error instanceof DatasetFormatError || error instanceof ImageDecodeError) throw error;
        // A missing or damaged shard loses its remaining samples, not the whole pass.
        const missing = (error as { code?: string }).code === 'ENOENT';
        this.skip({
          path: shard,
          reason: missing ? 'shard not found' : `unreadable shard: ${(error as Error).message}`,
        });
      }
      meter.tick();
    }
  }

  private resolve(sample: Sample): Resolved {
    const base = `${sample.shard}#${sample.key}`;
    const imageExtension = IMAGE_MEMBERS.find((extension) => sample.members.has(extension));
    if (imageExtension === undefined) {
      this.skip({ path: `${base}.jpg`, reason: 'no image member (jpg, jpeg, png or webp)', id: sample.key });
      return undefined;
    }
    let json: Record<string, unknown> | undefined;
    const jsonBytes = sample.members.get('json');
    if (jsonBytes) {
      try {
        const parsed = JSON.parse(jsonBytes.toString('utf8')) as unknown;
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
          json = parsed as Record<string, unknown>;
        }
      } catch {
        this.skip({ path: `${base}.json`, reason: 'member is not valid JSON', id: sample.key });
        return undefined;
      }
    }
    const text = sample.members.get('txt')?.toString('utf8');
    // img2dataset also stores the caption in the JSON; it is the fallback when `.txt` is missing.
    const fallback = typeof json?.['caption'] === 'string' ? json['caption'] : undefined;
    const captionText = text ?? fallback;
    if (captionText === undefined) {
      this.skip({ path: `${base}.txt`, reason: 'no caption member (txt)', id: sample.key });
      return undefined;
    }
    const captions = captionText
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (captions.length === 0) {
      throw new DatasetFormatError(
        { file: `${base}.${text === undefined ? 'json' : 'txt'}`, field: 'caption' },
        'empty caption',
      );
    }
    const imageName = `${base}.${imageExtension}`;
    return {
      meta: { id: sample.key, captions, source: imageName },
      image: sample.members.get(imageExtension)!,
      imageName,
    };
  }
}

/**
 * Opens WebDataset shards for streaming: expands the patterns (a pattern that matches nothing is
 * an error) and returns the stream; nothing is read until it is iterated.
 */
export async function openWebDataset(options: WebDatasetOptions): Promise<WebDatasetStream> {
  const patterns = typeof options.shards === 'string' ? [options.shards] : options.shards;
  const shards = await expandShardPatterns(patterns, options.root ?? process.cwd());
  if (shards.length === 0) throw new Error(`No WebDataset shard matches ${patterns.join(', ')}`);
  return new WebDatasetStream(shards, options);
}

/**
 * Reads one tar shard entry by entry and groups consecutive members by key (the path up to the
 * first dot of the file name, the WebDataset convention). Members other than images, `.txt` and
 * `.json` are drained unread.
 */
async function* readShard(shard: string): AsyncGenerator<Sample> {
  const input = createReadStream(shard);
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', reject);
  });
  await opened;
  const parser = extract();
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let current: Sample | undefined;
  try {
    for await (const entry of parser) {
      const name = entry.header.name;
      const slash = name.lastIndexOf('/');
      const dot = name.indexOf('.', slash + 1);
      const wantedType =
        entry.header.type === 'file' || entry.header.type === 'contiguous-file' || !entry.header.type;
      const extension = dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
      if (
        !wantedType ||
        dot < 0 ||
        !(IMAGE_MEMBERS.includes(extension) || extension === 'txt' || extension === 'json')
      ) {
        entry.resume();
        continue;
      }
      const key = name.slice(0, dot);
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (current && current.key !== key) {
        yield current;
        current = undefined;
      }
      current ??= { shard, key, members: new Map() };
      current.members.set(extension, Buffer.concat(chunks));
    }
    if (current) yield current;
  } finally {
    input.destroy();
    parser.destroy();
  }
}

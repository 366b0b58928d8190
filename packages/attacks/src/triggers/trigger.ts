import type { RgbImage, Seed } from '@mmpoison/core-tensor';
import { SeededRandom } from '@mmpoison/core-tensor';

/** What a trigger may know about the image it is applied to. */
export interface TriggerContext {
  /**
   * Id of the image (the poisoned record's id in training, the test record's id at evaluation).
   * Triggers with per-image randomness (BadNet location, Blended noise) derive their stream from it,
   * so applying a trigger to the same image twice gives the same pixels.
   */
  readonly id: string;
}

/** A JSON value, for options that go into a manifest. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** The names of the triggers this package builds. */
export type TriggerName = 'badnet' | 'blended' | 'wanet' | 'sig' | 'bpp';

/**
 * A backdoor trigger: a pure, seeded function on pixels. The same object poisons training images and
 * triggers test images, so attack success is measured with the very trigger the model was trained on.
 */
export interface Trigger<
  Options extends { readonly [key: string]: JsonValue } = { readonly [key: string]: JsonValue },
> {
  readonly name: TriggerName;
  /** Every option after defaults, seed included: enough to rebuild the trigger (see `createTrigger`). */
  readonly options: Options;
  /** A new image with the trigger applied; `image` is never modified. */
  apply(image: RgbImage, context: TriggerContext): RgbImage;
}

/** The serialisable description of a trigger, as stored in a poison manifest. */
export interface TriggerSpec {
  readonly name: TriggerName;
  readonly options: { readonly [key: string]: JsonValue };
}

/** The random stream of one image for one trigger: depends only on the seed, the trigger and the id. */
export function imageStream(seed: Seed, triggerName: string, id: string): SeededRandom {
  return SeededRandom.fromSeed(seed).derive(triggerName).derive(`image:${id}`);
}

/** Throws unless `image` is a well-formed RgbImage (the size matches its data). */
export function checkImage(image: RgbImage, triggerName: string, id: string): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(
      `${triggerName} trigger on image '${id}': width and height must be positive integers, got ${width}×${height}`,
    );
  }
  if (data.length !== width * height * 3) {
    throw new RangeError(
      `${triggerName} trigger on image '${id}': expected ${width}×${height}×3 = ${width * height * 3} values, got ${data.length}`,
    );
  }
}

export function clamp01(value: number): number {
  return Math.min(Math.max(value, 0), 1);
}

import type {
  ImageCaptionDataset,
  ImageCaptionItem,
  ImageCaptionMeta,
  RgbImage,
} from '@mmpoison/core-tensor';

/** How to produce one poisoned record when it is read. */
export interface PoisonPlan {
  /** Index in the poisoned dataset. */
  readonly index: number;
  readonly meta: ImageCaptionMeta;
  /** The dataset and record whose pixels the poison shows. */
  readonly imageDataset: ImageCaptionDataset;
  readonly imageIndex: number;
  /** Applied to those pixels on every read (a trigger, noise); must not modify its input. */
  readonly transform?: (image: RgbImage, id: string) => RgbImage;
}

/**
 * A lazy poisoned view over a clean dataset: clean records are read through from the clean dataset,
 * poisoned records are built when read (their source image loaded, then transformed). Nothing is
 * copied and the clean dataset is never modified. In `add` mode the poisons follow the clean records
 * (indices N … N + |P| − 1); in `replace` mode each sits at the index of the record it replaced.
 */
export class PoisonedDataset implements ImageCaptionDataset {
  readonly size: number;
  readonly classNames: readonly string[] | undefined;
  private readonly clean: ImageCaptionDataset;
  private readonly plans: ReadonlyMap<number, PoisonPlan>;

  constructor(clean: ImageCaptionDataset, plans: readonly PoisonPlan[], size: number) {
    this.clean = clean;
    this.classNames = clean.classNames;
    this.size = size;
    const byIndex = new Map<number, PoisonPlan>();
    for (const plan of plans) byIndex.set(plan.index, plan);
    this.plans = byIndex;
  }

  /** Whether record `index` is a poison. */
  isPoisoned(index: number): boolean {
    return this.plans.has(index);
  }

  meta(index: number): ImageCaptionMeta {
    this.checkIndex(index);
    return this.plans.get(index)?.meta ?? this.clean.meta(index);
  }

  async load(index: number, options?: { readonly signal?: AbortSignal }): Promise<ImageCaptionItem> {
    this.checkIndex(index);
    const plan = this.plans.get(index);
    if (!plan) return this.clean.load(index, options);
    const source = await plan.imageDataset.load(plan.imageIndex, options);
    const image = plan.transform ? plan.transform(source.image, plan.meta.id) : source.image;
    return { ...plan.meta, image };
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`Poisoned dataset: index ${index} is out of range [0, ${this.size})`);
    }
  }
}

import type { Trigger } from '@mmpoison/attacks';
import type { ImageCaptionDataset, ImageCaptionItem, ImageCaptionMeta } from '@mmpoison/core-tensor';

/**
 * A test split with a backdoor trigger stamped on every image as it is loaded (captions and labels
 * unchanged): what the attack success rate is measured on. The trigger is keyed by the record id, so
 * the same image always gets the same trigger pixels.
 */
export class TriggeredDataset implements ImageCaptionDataset {
  readonly size: number;
  readonly classNames: readonly string[] | undefined;

  constructor(
    private readonly clean: ImageCaptionDataset,
    private readonly trigger: Trigger,
  ) {
    this.size = clean.size;
    this.classNames = clean.classNames;
  }

  meta(index: number): ImageCaptionMeta {
    return this.clean.meta(index);
  }

  async load(index: number, options?: { readonly signal?: AbortSignal }): Promise<ImageCaptionItem> {
    const item = await this.clean.load(index, options);
    return { ...item, image: this.trigger.apply(item.image, { id: `test:${item.id}` }) };
  }
}

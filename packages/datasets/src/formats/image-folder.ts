import { join, resolve } from 'node:path';
import { DatasetFormatError } from './dataset-format-error.js';
import { listImageFiles, listSubfolders } from './list-image-files.js';
import {
  type DatasetOpenOptions,
  type ImageRecord,
  openRecordDataset,
  type RecordDataset,
} from './record-dataset.js';

export interface ImageFolderOptions extends DatasetOpenOptions {
  readonly root: string;
  /** Caption given to every image, `{class}` replaced by its class; default `a photo of a {class}.` */
  readonly prompt?: string;
}

/** The caption template of {@link openImageFolder}: CLIP's basic zero-shot prompt. */
export const DEFAULT_CLASS_PROMPT = 'a photo of a {class}.';

/**
 * Opens an ImageNet-style folder (`root/<class>/**.jpg`) for zero-shot and linear-probe evaluation.
 * Labels are class-folder indices in sorted order (torchvision's ImageFolder order). The contract
 * needs captions, so each image gets one: the prompt with its class name (underscores as spaces).
 * Ids are paths relative to the root.
 */
export async function openImageFolder(options: ImageFolderOptions): Promise<RecordDataset> {
  const root = resolve(options.root);
  const prompt = options.prompt ?? DEFAULT_CLASS_PROMPT;
  if (!prompt.includes('{class}')) {
    throw new DatasetFormatError(
      { file: root, field: 'prompt' },
      `the prompt '${prompt}' has no {class} placeholder`,
    );
  }
  const classNames = await listSubfolders(root);
  if (classNames.length === 0) throw new DatasetFormatError({ file: root }, 'no class folders');
  const records: ImageRecord[] = [];
  for (const [label, className] of classNames.entries()) {
    const caption = prompt.replaceAll('{class}', className.replaceAll('_', ' '));
    for (const name of await listImageFiles(join(root, className), { recursive: true })) {
      const id = `${className}/${name.split('\\').join('/')}`;
      records.push({
        id,
        captions: [caption],
        label,
        path: join(root, className, name),
        origin: { file: join(root, className) },
      });
    }
  }
  return openRecordDataset({ root, records, classNames }, options);
}

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openImageFolder } from './image-folder.js';

const ROOT = fileURLToPath(new URL('../../../../test-fixtures/data/datasets/imagefolder/', import.meta.url));

describe('openImageFolder', () => {
  it('labels images by sorted class folder and captions them with the class prompt', async () => {
    const dataset = await openImageFolder({ root: ROOT, imageSize: 4 });
    expect(dataset.classNames).toEqual(['cat', 'dog', 'golden_retriever']);
    const metas = Array.from({ length: dataset.size }, (_, i) => dataset.meta(i));
    expect(metas.map((meta) => [meta.id, meta.label])).toEqual([
      ['cat/1.png', 0],
      ['cat/2.jpg', 0],
      ['dog/1.png', 1],
      ['dog/nested/2.png', 1],
      ['golden_retriever/1.webp', 2],
    ]);
    expect(metas[0]!.captions).toEqual(['a photo of a cat.']);
    expect(metas[4]!.captions).toEqual(['a photo of a golden retriever.']);
    expect(dataset.report.skipped).toEqual([
      { path: `${ROOT}dog/broken.jpg`, reason: 'not an image', id: 'dog/broken.jpg' },
    ]);
    const item = await dataset.load(0);
    // cat/1.png is solid (255, 128, 0), lossless.
    expect(Array.from(item.image.data.slice(0, 3))).toEqual([1, 128 / 255, 0].map(Math.fround));
  });

  it('takes a custom prompt and rejects one without the placeholder', async () => {
    const dataset = await openImageFolder({ root: ROOT, prompt: 'itap of a {class}', check: 'none' });
    expect(dataset.meta(2).captions).toEqual(['itap of a dog']);
    await expect(openImageFolder({ root: ROOT, prompt: 'a photo' })).rejects.toThrow(
      /no \{class\} placeholder/,
    );
  });
});

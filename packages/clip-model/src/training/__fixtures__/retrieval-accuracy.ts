import type { ContrastiveModel } from '@mmpoison/core-tensor';
import { embedDataset } from '../../embedding/embed-dataset.js';
import { TOY_COLOURS, type ToySquaresDataset } from './toy-dataset.js';

/**
 * Text→image retrieval on the toy squares: for each colour's caption, the share of its `perClass`
 * nearest images that have that colour (precision at the class size; chance is 1/classes).
 */
export async function toyRetrievalPrecision(model: ContrastiveModel, dataset: ToySquaresDataset): Promise<number> {
  const { images } = await embedDataset(model, dataset, { what: 'images', batchSize: 32 });
  const classes = dataset.classNames.length;
  const perClass = dataset.size / classes;
  const captions = {
    size: classes,
    classNames: undefined,
    meta: (i: number) => ({ id: `caption-${i}`, captions: [`a photo of a ${TOY_COLOURS[i]!.name} square`] }),
    load: () => Promise.reject(new Error('captions only')),
  };
  const { captions: texts } = await embedDataset(model, captions, { what: 'captions' });
  let hits = 0;
  for (let c = 0; c < classes; c++) {
    const scores: Array<{ score: number; label: number }> = [];
    for (let i = 0; i < dataset.size; i++) {
      let score = 0;
      for (let j = 0; j < images!.dim; j++) score += images!.data[i * images!.dim + j]! * texts!.data[c * texts!.dim + j]!;
      scores.push({ score, label: dataset.meta(i).label! });
    }
    scores.sort((a, b) => b.score - a.score);
    hits += scores.slice(0, perClass).filter((entry) => entry.label === c).length;
  }
  return hits / (classes * perClass);
}

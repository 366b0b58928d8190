import {
  buildBpeTokenizerFromCorpus,
  CLIP_CONFIGS,
  type ClipConfigOverrides,
  type ClipModel,
  createClipModel,
  isClipConfigName,
  loadClipCheckpoint,
  loadTokenizer,
  resolveClipConfig,
  type TextTokenizer,
} from '@mmpoison/clip-model';
import { type ImageCaptionDataset, SeededRandom } from '@mmpoison/core-tensor';
import type { ModelConfig, ScratchModelConfig } from './study-config.js';
import { StudyConfigError } from './study-config-error.js';

/** Makes fresh models of the study: the clean and the poisoned one start from the same weights. */
export interface StudyModelFactory {
  readonly tokenizer: TextTokenizer;
  /** A description for the report, e.g. `tiny-32 (1.2 M parameters) from scratch`. */
  readonly description: string;
  /** A new model with the study's initial weights; `scope` keeps two live models' variables apart. */
  create(scope: string): Promise<ClipModel>;
}

function overrides(model: ScratchModelConfig, tokenizer: TextTokenizer): ClipConfigOverrides {
  const vision = {
    ...(model.imageSize === undefined ? {} : { imageSize: model.imageSize }),
    ...(model.patchSize === undefined ? {} : { patchSize: model.patchSize }),
    ...(model.visionWidth === undefined ? {} : { width: model.visionWidth }),
    ...(model.visionLayers === undefined ? {} : { layers: model.visionLayers }),
    ...(model.visionHeads === undefined ? {} : { heads: model.visionHeads }),
  };
  const text = {
    vocabSize: tokenizer.vocabSize,
    contextLength: tokenizer.contextLength,
    ...(model.textWidth === undefined ? {} : { width: model.textWidth }),
    ...(model.textLayers === undefined ? {} : { layers: model.textLayers }),
    ...(model.textHeads === undefined ? {} : { heads: model.textHeads }),
  };
  return { vision, text, ...(model.embedDim === undefined ? {} : { embedDim: model.embedDim }) };
}

/** Every caption of a dataset, in record order: the corpus a from-scratch tokenizer learns on. */
export function datasetCaptions(dataset: ImageCaptionDataset): string[] {
  const captions: string[] = [];
  for (let index = 0; index < dataset.size; index++) captions.push(...dataset.meta(index).captions);
  return captions;
}

/**
 * The study's model factory. From scratch: a byte-level BPE tokenizer learnt on the clean training
 * captions and a named small config, initialised from the seed's `model-init` stream, so both runs
 * start identical. From a checkpoint: its tokenizer and weights (seed paper 1 fine-tunes a pre-trained
 * CLIP). A bad config name or an inconsistent shape is a StudyConfigError naming the field.
 */
export async function createStudyModelFactory(
  model: ModelConfig,
  cleanTrain: ImageCaptionDataset,
  seed: number,
): Promise<StudyModelFactory> {
  if (model.from === 'checkpoint') {
    let tokenizer: TextTokenizer;
    try {
      tokenizer = await loadTokenizer(model.tokenizer);
    } catch (error) {
      throw new StudyConfigError('model.tokenizer', (error as Error).message);
    }
    return {
      tokenizer,
      description: `fine-tuned from ${model.checkpoint}`,
      create: async (scope) => {
        try {
          return await loadClipCheckpoint(model.checkpoint, { tokenizer, scope });
        } catch (error) {
          throw new StudyConfigError('model.checkpoint', (error as Error).message);
        }
      },
    };
  }
  if (!isClipConfigName(model.config)) {
    throw new StudyConfigError(
      'model.config',
      `expected one of ${Object.keys(CLIP_CONFIGS).join(', ')}, got ${JSON.stringify(model.config)}`,
    );
  }
  const tokenizer = buildBpeTokenizerFromCorpus(datasetCaptions(cleanTrain), {
    vocabSize: model.vocabSize ?? 1000,
    contextLength: model.contextLength ?? 32,
  });
  let config: ReturnType<typeof resolveClipConfig>;
  try {
    config = resolveClipConfig(model.config, overrides(model, tokenizer));
  } catch (error) {
    throw new StudyConfigError('model', (error as Error).message);
  }
  return {
    tokenizer,
    description: `${model.config} from scratch`,
    create: async (scope) =>
      createClipModel(config, { tokenizer, random: SeededRandom.fromSeed(seed).derive('model-init'), scope }),
  };
}

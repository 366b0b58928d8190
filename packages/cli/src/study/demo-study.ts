import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StudyConfig } from './study-config.js';

/** Where `test-fixtures/scripts/demo-checkpoint.ts` writes the pre-trained demo CLIP. */
export const demoCheckpointFolder = fileURLToPath(
  new URL('../../../../test-fixtures/data/demo-checkpoint/', import.meta.url),
);

/** How big the embedded study is: the full demo, or the small version the integration test runs. */
export type DemoScale = 'demo' | 'test';

/**
 * The embedded study of `mmpoison demo` (issue 6): the synthetic benchmark, the small pre-trained
 * CLIP of test-fixtures/data/demo-checkpoint fine-tuned on the CPU, and Attack II on one class pair
 * (captions of stars paired with images of hearts). The clean and the poisoned model are fine-tuned
 * from the same checkpoint with the same seed, as seed paper 1 fine-tunes a pre-trained CLIP.
 */
export function demoStudyConfig(output: string, scale: DemoScale = 'demo'): StudyConfig {
  const small = scale === 'test';
  return {
    name: small ? 'demo (integration-test size)' : 'demo: star2heart on the synthetic benchmark',
    seed: 42,
    data: {
      kind: 'synthetic',
      seed: 42,
      imagesPerClass: small ? 40 : 60,
      testImagesPerClass: small ? 8 : 20,
      imageSize: 32,
      difficulty: 'easy',
    },
    model: {
      from: 'checkpoint',
      checkpoint: join(demoCheckpointFolder, 'model.safetensors'),
      tokenizer: join(demoCheckpointFolder, 'tokenizer'),
    },
    attack: {
      name: 'single-target-label',
      goals: [{ source: 'star', target: 'heart' }],
      poisons: { count: small ? 30 : 55 },
      // Poisons take the place of the star records they are built from (the mm_poison code's way):
      // added next to every clean star pair, 60 poisons only made star captions ambiguous and did
      // not move the bars; 55 of the 60 star records (φ = 55/720 ≈ 0.076) meet all four.
      mode: small ? 'add' : 'replace',
    },
    training: {
      epochs: small ? 10 : 20,
      batchSize: 64,
      learningRate: 5e-4,
      minLearningRate: 1e-5,
      warmupSteps: 5,
      weightDecay: 0.05,
    },
    evaluation: { ks: [1, 5, 10], embedBatchSize: 128 },
    output,
  };
}

/** Throws with the command to run when the pre-trained demo checkpoint is missing. */
export function requireDemoCheckpoint(): void {
  const path = join(demoCheckpointFolder, 'model.safetensors');
  if (!existsSync(path)) {
    throw new Error(
      `The demo's pre-trained checkpoint ${path} is missing; make it with ` +
        '`node --import tsx --conditions=@mmpoison/source test-fixtures/scripts/demo-checkpoint.ts`',
    );
  }
}

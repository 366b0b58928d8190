import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ImageCaptionDataset,
  initBackend,
  type ProgressEvent,
  type TrainingObjective,
} from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toyRetrievalPrecision } from './__fixtures__/retrieval-accuracy.js';
import { TOY_WORDS, ToySquaresDataset } from './__fixtures__/toy-dataset.js';
import { ToyContrastiveModel } from './__fixtures__/toy-model.js';
import { type TrainContrastiveOptions, trainContrastive } from './train-contrastive.js';

let directory: string;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  directory = mkdtempSync(join(tmpdir(), 'mmpoison-train-'));
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function toyModel(seed = 1, scope?: string): ToyContrastiveModel {
  return new ToyContrastiveModel({
    imageSize: 6,
    embedDim: 16,
    words: TOY_WORDS,
    seed,
    ...(scope ? { scope } : {}),
  });
}

function snapshot(model: ToyContrastiveModel): Map<string, Float32Array> {
  // Keyed without the per-instance scope so two models can be compared.
  return new Map(
    model
      .trainableVariables()
      .map((variable) => [variable.name.replace(/^[^/]+\//, ''), new Float32Array(variable.dataSync())]),
  );
}

describe('trainContrastive on the toy squares', () => {
  it('drives the CLIP loss down and text→image retrieval up', async () => {
    const dataset = new ToySquaresDataset({ perClass: 4, imageSize: 6, seed: 7 });
    const model = toyModel(2);
    const before = await toyRetrievalPrecision(model, dataset);
    const events: ProgressEvent[] = [];
    const result = await trainContrastive({
      model,
      dataset,
      batchSize: 16,
      epochs: 120,
      seed: 42,
      learningRate: 0.01,
      adamW: { weightDecay: 0.01 },
      progress: { report: (event) => events.push(event) },
    });
    const after = await toyRetrievalPrecision(model, dataset);
    expect(result.steps).toBe(240);
    expect(result.epochMeanLosses).toHaveLength(120);
    const first = result.epochMeanLosses[0]!;
    const last = result.epochMeanLosses.at(-1)!;
    expect(last).toBeLessThan(0.5 * first);
    expect(Number.isFinite(result.finalLoss)).toBe(true);
    expect(before).toBeLessThan(0.5);
    expect(after).toBeGreaterThan(0.9);
    // logit_scale stays within [0, ln 100].
    const scale = model.logitScale.dataSync()[0]!;
    expect(scale).toBeGreaterThanOrEqual(0);
    expect(scale).toBeLessThanOrEqual(Math.log(100) + 1e-6);
    // Progress counts images with a rate, an ETA and the loss.
    const lastEvent = events.at(-1)!;
    expect(lastEvent.task).toBe('train');
    expect(lastEvent.done).toBe(240 * 16);
    expect(events.some((event) => (event.perSecond ?? 0) > 0 && event.etaSeconds !== undefined)).toBe(true);
    expect(events.some((event) => /loss \d/.test(event.message ?? ''))).toBe(true);
    model.dispose();
  });

  it('leaks no tensor per step', async () => {
    const dataset = new ToySquaresDataset({ perClass: 2, imageSize: 6, seed: 1 });
    const model = toyModel(3);
    const counts = new Map<number, number>();
    const baseline = tf.memory().numTensors;
    await trainContrastive({
      model,
      dataset,
      batchSize: 4,
      epochs: 2,
      seed: 1,
      lossReadEverySteps: 3,
      maxGradientNorm: 1,
      onStepEnd: ({ step }) => counts.set(step, tf.memory().numTensors),
    });
    expect(counts.get(2)).toBeDefined();
    expect(counts.get(5)).toBe(counts.get(2));
    expect(counts.get(8)).toBe(counts.get(2));
    // After the run only the model's variables remain: the optimiser and loss buffers are freed.
    expect(tf.memory().numTensors).toBe(baseline);
    model.dispose();
  });

  it('calls epoch hooks with the epoch mean loss', async () => {
    const dataset = new ToySquaresDataset({ perClass: 2, imageSize: 6, seed: 1 });
    const model = toyModel(4);
    const calls: string[] = [];
    const means: number[] = [];
    const result = await trainContrastive({
      model,
      dataset,
      batchSize: 8,
      epochs: 3,
      seed: 5,
      hooks: [
        {
          onEpochStart: (epoch, context) => {
            calls.push(`start ${epoch} @${context.step}`);
          },
          onEpochEnd: (epoch, context) => {
            calls.push(`end ${epoch} @${context.step}`);
            means.push(context.meanLoss);
          },
        },
      ],
    });
    expect(calls).toEqual(['start 0 @0', 'end 0 @2', 'start 1 @2', 'end 1 @4', 'start 2 @4', 'end 2 @6']);
    expect(means).toEqual(result.epochMeanLosses);
  });

  it('freezes the image tower, the text tower, or refuses to freeze everything', async () => {
    const dataset = new ToySquaresDataset({ perClass: 1, imageSize: 6, seed: 2 });
    for (const freeze of ['image', 'text'] as const) {
      const model = toyModel(5);
      const start = snapshot(model);
      await trainContrastive({
        model,
        dataset,
        batchSize: 4,
        epochs: 1,
        seed: 3,
        learningRate: 0.01,
        freeze,
      });
      const end = snapshot(model);
      for (const [name, values] of start) {
        const changed = !end.get(name)!.every((v, i) => v === values[i]);
        const isImage = name.startsWith('visual.');
        const shouldChange = name === 'logit_scale' || (freeze === 'image' ? !isImage : isImage);
        expect({ name, changed }).toEqual({ name, changed: shouldChange });
      }
      model.dispose();
    }
    const model = toyModel(5);
    await expect(
      trainContrastive({ model, dataset, batchSize: 4, epochs: 1, seed: 3, freeze: 'both' }),
    ).rejects.toThrow(/freeze 'both' leaves no variable to train/);
    model.dispose();
  });

  it('clamps logit_scale to [0, ln 100] after every step', async () => {
    const dataset = new ToySquaresDataset({ perClass: 1, imageSize: 6, seed: 2 });
    for (const direction of [1, -1]) {
      const model = toyModel(6);
      model.logitScale.assign(tf.scalar(direction > 0 ? 4.5 : 0.1));
      // Pushes logit_scale up (or down) by a full learning rate per step.
      const objective: TrainingObjective = {
        name: 'push-scale',
        loss: (_batch, context) => tf.tidy(() => tf.mul(context.model.logitScale, -direction) as tf.Scalar),
      };
      await trainContrastive({
        model,
        dataset,
        batchSize: 4,
        epochs: 1,
        seed: 1,
        objective,
        learningRate: 1,
      });
      expect(model.logitScale.dataSync()[0]).toBeCloseTo(direction > 0 ? Math.log(100) : 0, 5);
      model.dispose();
    }
  });

  it('rejects a batch of one, a dataset too small and a cancelled run', async () => {
    const model = toyModel(7);
    const dataset = new ToySquaresDataset({ perClass: 1, imageSize: 6, seed: 2 });
    await expect(trainContrastive({ model, dataset, batchSize: 1, epochs: 1, seed: 1 })).rejects.toThrow(
      /batchSize must be an integer ≥ 2, got 1/,
    );
    const tiny = new ToySquaresDataset({ perClass: 1, imageSize: 6, seed: 2, classes: 1 });
    await expect(
      trainContrastive({ model, dataset: tiny, batchSize: 4, epochs: 1, seed: 1 }),
    ).rejects.toThrow(/1 records, too few/);
    const controller = new AbortController();
    controller.abort();
    await expect(
      trainContrastive({ model, dataset, batchSize: 4, epochs: 1, seed: 1, signal: controller.signal }),
    ).rejects.toThrow(/abort/i);
    model.dispose();
  });
});

describe('checkpoints and resume', () => {
  // 23 records in batches of 5: four full batches and one of 3 per epoch, 5 steps × 3 epochs.
  const dataset = new ToySquaresDataset({ perClass: 3, imageSize: 6, seed: 11 });
  const shortDataset: ImageCaptionDataset = {
    size: 23,
    classNames: dataset.classNames,
    meta: (index) => dataset.meta(index),
    load: (index) => dataset.load(index),
  };
  const base = (model: ToyContrastiveModel): TrainContrastiveOptions => ({
    model,
    dataset: shortDataset,
    batchSize: 5,
    epochs: 3,
    seed: 99,
    learningRate: 0.005,
    warmupSteps: 2,
    maxGradientNorm: 5,
    lossReadEverySteps: 2,
  });

  it('resumes after a stop at maxSteps to bit-identical weights', async () => {
    const reference = toyModel(8);
    const full = await trainContrastive(base(reference));
    expect(full.steps).toBe(15);

    const path = join(directory, 'max-steps.safetensors');
    // A resumed run lives in a new process with the same variable names: same scope, one at a time.
    const first = toyModel(8, 'resumable');
    const partial = await trainContrastive({ ...base(first), maxSteps: 7, checkpointPath: path });
    expect(partial).toMatchObject({ steps: 7, stoppedEarly: true, checkpointPath: path, epochsCompleted: 1 });
    first.dispose();

    const resumed = toyModel(123, 'resumable'); // different initial values: all come from the checkpoint
    const rest = await trainContrastive({ ...base(resumed), resumeFrom: path });
    expect(rest).toMatchObject({ steps: 15, stepsThisRun: 8, stoppedEarly: false, epochsCompleted: 3 });
    expect(snapshot(resumed)).toEqual(snapshot(reference));
    expect(rest.epochMeanLosses[0]).toBe(full.epochMeanLosses[0]);
    expect(rest.epochMeanLosses[2]).toBeCloseTo(full.epochMeanLosses[2]!, 5);
    reference.dispose();
    resumed.dispose();
  });

  it('resumes after a crash from the last periodic checkpoint to bit-identical weights', async () => {
    const reference = toyModel(9);
    await trainContrastive(base(reference));

    const path = join(directory, 'crash.safetensors');
    const controller = new AbortController();
    const crashed = toyModel(9, 'crashing');
    await expect(
      trainContrastive({
        ...base(crashed),
        checkpointPath: path,
        checkpointEverySteps: 4,
        signal: controller.signal,
        onStepEnd: ({ step }) => {
          if (step === 11) controller.abort(new Error('simulated crash'));
        },
      }),
    ).rejects.toThrow('simulated crash');
    crashed.dispose();

    // The last checkpoint is step 8, mid-epoch 1 (position 3 of 5).
    const resumed = toyModel(9, 'crashing');
    const result = await trainContrastive({ ...base(resumed), resumeFrom: path });
    expect(result).toMatchObject({ steps: 15, stepsThisRun: 7 });
    expect(snapshot(resumed)).toEqual(snapshot(reference));
    reference.dispose();
    resumed.dispose();
  });

  it('refuses a checkpoint from a run of another shape', async () => {
    const path = join(directory, 'shape.safetensors');
    const model = toyModel(10);
    await trainContrastive({ ...base(model), maxSteps: 2, checkpointPath: path });
    await expect(trainContrastive({ ...base(model), batchSize: 4, resumeFrom: path })).rejects.toThrow(
      /written with batchSize 5, this run has 4/,
    );
    model.dispose();
  });
});

import {
  AdamW,
  type ContrastiveModel,
  type EpochHook,
  type ImageCaptionDataset,
  type ImageCaptionItem,
  type ImageCaptionMeta,
  type LearningRateSchedule,
  type Optimizer,
  type ParameterGroup,
  type ProgressReporter,
  ProgressTracker,
  type Seed,
  SeededRandom,
  silentProgressReporter,
  splitWeightDecayGroups,
  type TrainingBatch,
  type TrainingContext,
  type TrainingObjective,
  warmupCosineSchedule,
} from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { clipGradientsOnDevice } from './clip-gradients.js';
import { clipObjective } from './contrastive-loss.js';
import { type FreezeMode, selectTrainableVariables } from './freeze.js';
import { loadItems } from './load-items.js';
import { fitImage, stackImages } from './stack-images.js';
import {
  loadTrainingCheckpoint,
  restoreVariables,
  saveTrainingCheckpoint,
  type TrainingLoopState,
} from './training-checkpoint.js';

/** AdamW hyper-parameters; the defaults are seed paper 1's fine-tuning settings (methods.md). */
export interface AdamWSettings {
  /** Default 0.9. */
  readonly beta1?: number;
  /** Default 0.98. */
  readonly beta2?: number;
  /** Default 1e-6. */
  readonly epsilon?: number;
  /** Decoupled weight decay on matrices (not on 1-D parameters or logit_scale); default 0.2. */
  readonly weightDecay?: number;
}

/** What {@link TrainContrastiveOptions.onStepEnd} receives after every step. */
export interface TrainingStepInfo {
  /** Steps taken so far, this one included. */
  readonly step: number;
  readonly epoch: number;
  readonly learningRate: number;
}

export interface TrainContrastiveOptions {
  readonly model: ContrastiveModel;
  readonly dataset: ImageCaptionDataset;
  /** Default: the plain CLIP loss ({@link clipObjective}). */
  readonly objective?: TrainingObjective;
  /** Images per step, at least 2 (a contrastive batch needs negatives). */
  readonly batchSize: number;
  readonly epochs: number;
  /** The run's seed: shuffling, caption choice and the objective's randomness derive from it. */
  readonly seed: Seed | SeededRandom;
  /** Peak learning rate (default 1e-5). */
  readonly learningRate?: number;
  /** Where the cosine decay ends (default 1e-6, or the peak if that is lower). */
  readonly minLearningRate?: number;
  /** Linear warm-up steps before the cosine decay (default 0). */
  readonly warmupSteps?: number;
  /** A schedule of your own, replacing the warm-up + cosine one. */
  readonly schedule?: LearningRateSchedule;
  readonly adamW?: AdamWSettings;
  /** Builds another optimiser over the parameter groups instead of AdamW. */
  readonly createOptimizer?: (groups: ParameterGroup[]) => Optimizer;
  /** Towers to keep fixed (default 'none'). */
  readonly freeze?: FreezeMode;
  /** Which variables belong to the image tower (default: OpenAI / Hugging Face names). */
  readonly isImageVariable?: (name: string) => boolean;
  /** Rescale the gradients to at most this global L2 norm (off by default). */
  readonly maxGradientNorm?: number;
  readonly hooks?: readonly EpochHook[];
  /** Cancels at the next step boundary; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Stop after this many steps in total (counting steps before a resume); writes the final checkpoint. */
  readonly maxSteps?: number;
  readonly progress?: ProgressReporter;
  /** Where to write checkpoints (every {@link checkpointEverySteps} steps and at the end). */
  readonly checkpointPath?: string;
  readonly checkpointEverySteps?: number;
  /** A checkpoint of an earlier run with the same dataset, batch size and seed to continue. */
  readonly resumeFrom?: string;
  /** The loss stays on the device and is read back every this many steps (default 10). */
  readonly lossReadEverySteps?: number;
  /** Image loads in flight at once (default 8). */
  readonly loadConcurrency?: number;
  /** Skip an epoch's last, smaller batch (default false; a last batch of one image is always skipped). */
  readonly dropLastPartialBatch?: boolean;
  /** Called after every optimiser step (monitoring, tests). */
  readonly onStepEnd?: (info: TrainingStepInfo) => void;
}

export interface TrainContrastiveResult {
  /** Steps taken in total, including those before a resume. */
  readonly steps: number;
  /** Steps taken by this call. */
  readonly stepsThisRun: number;
  readonly totalSteps: number;
  readonly epochsCompleted: number;
  /** Mean loss of every finished epoch, in order. */
  readonly epochMeanLosses: readonly number[];
  /** The loss of the last step (NaN when no step was taken). */
  readonly finalLoss: number;
  /** True when {@link TrainContrastiveOptions.maxSteps} ended the run before the last epoch's end. */
  readonly stoppedEarly: boolean;
  readonly seconds: number;
  readonly itemsPerSecond: number;
  /** The last checkpoint written, if any. */
  readonly checkpointPath?: string;
}

function positiveInteger(value: number, name: string, minimum = 1): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`trainContrastive: ${name} must be an integer ≥ ${minimum}, got ${value}`);
  }
  return value;
}

function nonNegativeNumber(value: number, name: string): number {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`trainContrastive: ${name} must be a finite number ≥ 0, got ${value}`);
  }
  return value;
}

/** Batch sizes of one epoch: full batches, then the remainder unless dropped or a single image. */
function epochBatchSizes(datasetSize: number, batchSize: number, dropLast: boolean): number[] {
  const sizes = Array<number>(Math.floor(datasetSize / batchSize)).fill(batchSize);
  const rest = datasetSize % batchSize;
  if (rest >= 2 && !dropLast) sizes.push(rest);
  return sizes;
}

const maxLogitScale = Math.log(100);

/**
 * The one training loop (architecture.md): every objective — the CLIP loss, RoCLIP, CleanCLIP,
 * Semantic Shield — runs through it. Each epoch shuffles the records, draws one caption per image,
 * loads the next batch while the current one trains, takes an AdamW step on the selected variables,
 * clamps `logit_scale` to [0, ln 100] (methods.md) and keeps the loss on the device, reading it back
 * only every few steps. Checkpoints hold everything needed to resume bit-identically.
 */
export async function trainContrastive(options: TrainContrastiveOptions): Promise<TrainContrastiveResult> {
  const { model, dataset, signal } = options;
  const batchSize = positiveInteger(options.batchSize, 'batchSize', 2);
  const epochs = positiveInteger(options.epochs, 'epochs');
  const lossReadEvery = positiveInteger(options.lossReadEverySteps ?? 10, 'lossReadEverySteps');
  const checkpointEvery =
    options.checkpointEverySteps === undefined
      ? undefined
      : positiveInteger(options.checkpointEverySteps, 'checkpointEverySteps');
  if (checkpointEvery !== undefined && options.checkpointPath === undefined) {
    throw new RangeError('trainContrastive: checkpointEverySteps is set but checkpointPath is not');
  }
  const maxSteps = options.maxSteps === undefined ? undefined : positiveInteger(options.maxSteps, 'maxSteps');
  const maxGradientNorm =
    options.maxGradientNorm === undefined
      ? undefined
      : nonNegativeNumber(options.maxGradientNorm, 'maxGradientNorm');
  const batchSizes = epochBatchSizes(dataset.size, batchSize, options.dropLastPartialBatch ?? false);
  const stepsPerEpoch = batchSizes.length;
  if (stepsPerEpoch === 0) {
    throw new RangeError(
      `trainContrastive: the dataset has ${dataset.size} records, too few for one batch of ${batchSize} (at least 2 are needed)`,
    );
  }
  const totalSteps = stepsPerEpoch * epochs;
  const peakLearningRate = nonNegativeNumber(options.learningRate ?? 1e-5, 'learningRate');
  const schedule =
    options.schedule ??
    warmupCosineSchedule({
      peakLearningRate,
      warmupSteps: positiveInteger(options.warmupSteps ?? 0, 'warmupSteps', 0),
      totalSteps,
      floorLearningRate: nonNegativeNumber(
        options.minLearningRate ?? Math.min(1e-6, peakLearningRate),
        'minLearningRate',
      ),
    });

  const allVariables = model.trainableVariables().slice();
  if (!allVariables.includes(model.logitScale)) allVariables.push(model.logitScale);
  const { trainable } = selectTrainableVariables(
    allVariables,
    model.logitScale,
    options.freeze ?? 'none',
    options.isImageVariable,
  );
  if (trainable.length === 0) {
    throw new RangeError(`trainContrastive: freeze '${options.freeze}' leaves no variable to train`);
  }
  const names = new Set<string>();
  for (const variable of allVariables) {
    if (names.has(variable.name)) {
      throw new Error(
        `trainContrastive: two model variables share the name "${variable.name}"; names must be unique`,
      );
    }
    names.add(variable.name);
  }

  const adamW = options.adamW ?? {};
  const groups = splitWeightDecayGroups(trainable, adamW.weightDecay ?? 0.2);
  const optimizer =
    options.createOptimizer?.(groups) ??
    new AdamW(groups, {
      beta1: adamW.beta1 ?? 0.9,
      beta2: adamW.beta2 ?? 0.98,
      epsilon: adamW.epsilon ?? 1e-6,
      weightDecay: adamW.weightDecay ?? 0.2,
    });
  const objective = options.objective ?? clipObjective();
  const hooks = options.hooks ?? [];

  const root = options.seed instanceof SeededRandom ? options.seed : SeededRandom.fromSeed(options.seed);
  let shuffleRandom = root.derive('shuffle');
  let captionRandom = root.derive('caption');
  let objectiveRandom = root.derive('objective');
  let step = 0;
  let epoch = 0;
  let position = 0;
  let epochLossSum = 0;
  let epochLossCount = 0;
  let lastLoss: number | null = null;
  const epochMeanLosses: number[] = [];

  if (options.resumeFrom !== undefined) {
    const path = options.resumeFrom;
    const checkpoint = await loadTrainingCheckpoint(path);
    const { loop } = checkpoint;
    const expected = { datasetSize: dataset.size, batchSize, stepsPerEpoch };
    for (const [field, value] of Object.entries(expected)) {
      const saved = loop[field as keyof typeof expected];
      if (saved !== value) {
        throw new Error(
          `Cannot resume from ${path}: it was written with ${field} ${saved}, this run has ${value}`,
        );
      }
    }
    if (checkpoint.optimizerName !== optimizer.name) {
      throw new Error(
        `Cannot resume from ${path}: it holds ${checkpoint.optimizerName} state, this run uses ${optimizer.name}`,
      );
    }
    restoreVariables(checkpoint, allVariables, path);
    const stateTensors: Record<string, tf.Tensor> = {};
    for (const [key, saved] of checkpoint.optimizerTensors) {
      stateTensors[key] = tf.tensor(
        saved.data,
        [...saved.shape],
        saved.data instanceof Int32Array ? 'int32' : 'float32',
      );
    }
    try {
      optimizer.setState({ step: checkpoint.optimizerStep, tensors: stateTensors });
    } finally {
      tf.dispose(Object.values(stateTensors));
    }
    step = loop.step;
    epoch = loop.epoch;
    position = loop.position;
    shuffleRandom = SeededRandom.fromState(loop.shuffleAtEpochStart);
    captionRandom = SeededRandom.fromState(loop.caption);
    objectiveRandom = SeededRandom.fromState(loop.objective);
    epochLossSum = loop.epochLossSum;
    epochLossCount = loop.epochLossCount;
    lastLoss = loop.lastLoss;
    epochMeanLosses.push(...loop.epochMeanLosses);
  }
  const startStep = step;

  const context = (): TrainingContext => ({ model, step, epoch, totalSteps, random: objectiveRandom });
  const loadOptions = {
    ...(options.loadConcurrency === undefined ? {} : { concurrency: options.loadConcurrency }),
    ...(signal === undefined ? {} : { signal }),
  };
  let remainingItems = 0;
  for (let s = step; s < Math.min(totalSteps, maxSteps ?? totalSteps); s++) {
    remainingItems += batchSizes[s % stepsPerEpoch]!;
  }
  const tracker = new ProgressTracker('train', {
    total: remainingItems,
    unit: 'images',
    reporter: options.progress ?? silentProgressReporter,
  });

  // The loss is summed on the device; reading it is the only sync, every `lossReadEvery` steps.
  let windowSum: tf.Scalar = tf.scalar(0);
  let windowCount = 0;
  let lastLossTensor: tf.Scalar | undefined;
  const flushLoss = async (): Promise<void> => {
    if (windowCount > 0) {
      const sum = (await windowSum.data())[0]!;
      epochLossSum += sum;
      epochLossCount += windowCount;
    }
    if (lastLossTensor !== undefined) lastLoss = (await lastLossTensor.data())[0]!;
    windowSum.dispose();
    windowSum = tf.scalar(0);
    windowCount = 0;
  };

  let epochStartShuffle = shuffleRandom.getState();
  let lastCheckpointStep = -1;
  let checkpointWritten: string | undefined;
  const writeCheckpoint = async (): Promise<void> => {
    const path = options.checkpointPath;
    if (path === undefined || lastCheckpointStep === step) return;
    await flushLoss();
    const loop: TrainingLoopState = {
      step,
      epoch,
      position,
      shuffleAtEpochStart: epochStartShuffle,
      caption: captionRandom.getState(),
      objective: objectiveRandom.getState(),
      epochLossSum,
      epochLossCount,
      epochMeanLosses: [...epochMeanLosses],
      lastLoss,
      datasetSize: dataset.size,
      batchSize,
      stepsPerEpoch,
    };
    await saveTrainingCheckpoint(path, allVariables, optimizer, loop);
    lastCheckpointStep = step;
    checkpointWritten = path;
  };

  const started = performance.now();
  let itemsThisRun = 0;
  let stoppedEarly = false;
  let pending: Promise<ImageCaptionItem[]> | undefined;
  try {
    training: while (epoch < epochs) {
      if (maxSteps !== undefined && step >= maxSteps) {
        stoppedEarly = true;
        break;
      }
      epochStartShuffle = shuffleRandom.getState();
      const order = shuffleRandom.permutation(dataset.size);
      const batchIndices = (b: number): number[] => {
        const start = b * batchSize;
        return order.slice(start, start + batchSizes[b]!);
      };
      if (position === 0) {
        for (const hook of hooks) await hook.onEpochStart?.(epoch, context());
      }
      pending = undefined;
      while (position < stepsPerEpoch) {
        signal?.throwIfAborted();
        if (maxSteps !== undefined && step >= maxSteps) {
          stoppedEarly = true;
          break training;
        }
        const indices = batchIndices(position);
        const items = await (pending ?? loadItems(dataset, indices, loadOptions));
        // Prefetch: the next batch decodes while this step runs.
        pending =
          position + 1 < stepsPerEpoch
            ? loadItems(dataset, batchIndices(position + 1), loadOptions)
            : undefined;
        pending?.catch(() => {});
        signal?.throwIfAborted();

        const metas: ImageCaptionMeta[] = items.map((item, i) => {
          if (item.captions.length === 0) {
            throw new RangeError(
              `trainContrastive: dataset record ${indices[i]} (id ${item.id}) has no captions`,
            );
          }
          return item;
        });
        const texts = metas.map((meta) => meta.captions[captionRandom.int(meta.captions.length)]!);
        const rawImages = items.map((item) => fitImage(item.image, model.imageSize));
        const images = stackImages(
          rawImages,
          model.imageSize,
          items.map((item) => item.id),
        );
        const batch: TrainingBatch = { images, rawImages, texts, items: metas, indices };
        const stepContext = context();
        const learningRate = schedule(step);
        try {
          const { value, grads } = tf.variableGrads(() => objective.loss(batch, stepContext), trainable);
          const clipped =
            maxGradientNorm === undefined ? grads : clipGradientsOnDevice(grads, maxGradientNorm);
          optimizer.step(clipped, learningRate);
          tf.dispose(grads);
          if (clipped !== grads) tf.dispose(clipped);
          tf.tidy(() => {
            model.logitScale.assign(tf.clipByValue(model.logitScale, 0, maxLogitScale));
          });
          objective.afterStep?.(batch, stepContext);
          const nextSum = tf.add(windowSum, value) as tf.Scalar;
          windowSum.dispose();
          windowSum = nextSum;
          windowCount++;
          lastLossTensor?.dispose();
          lastLossTensor = value;
        } finally {
          images.dispose();
        }
        step++;
        position++;
        itemsThisRun += indices.length;

        const readNow = step % lossReadEvery === 0;
        if (readNow) await flushLoss();
        tracker.advance(
          indices.length,
          `epoch ${epoch + 1}/${epochs} step ${step}/${totalSteps}${lastLoss === null ? '' : ` loss ${lastLoss.toFixed(4)}`}`,
        );

        const epochEnded = position === stepsPerEpoch;
        if (epochEnded) {
          await flushLoss();
          const meanLoss = epochLossCount > 0 ? epochLossSum / epochLossCount : Number.NaN;
          epochMeanLosses.push(meanLoss);
          for (const hook of hooks) await hook.onEpochEnd?.(epoch, { ...context(), meanLoss });
          epoch++;
          position = 0;
          epochLossSum = 0;
          epochLossCount = 0;
          epochStartShuffle = shuffleRandom.getState();
        }
        if (checkpointEvery !== undefined && step % checkpointEvery === 0) await writeCheckpoint();
        options.onStepEnd?.({ step, epoch, learningRate });
        // The next epoch draws a new order at the top of the outer loop.
        if (epochEnded) break;
      }
    }
    await flushLoss();
    await writeCheckpoint();
    tracker.finish(lastLoss === null ? undefined : `step ${step}/${totalSteps} loss ${lastLoss.toFixed(4)}`);
  } finally {
    windowSum.dispose();
    lastLossTensor?.dispose();
    optimizer.dispose();
  }

  const seconds = (performance.now() - started) / 1000;
  return {
    steps: step,
    stepsThisRun: step - startStep,
    totalSteps,
    epochsCompleted: epochMeanLosses.length,
    epochMeanLosses,
    finalLoss: lastLoss ?? Number.NaN,
    stoppedEarly,
    seconds,
    itemsPerSecond: seconds > 0 ? itemsThisRun / seconds : 0,
    ...(checkpointWritten === undefined ? {} : { checkpointPath: checkpointWritten }),
  };
}

import { type Optimizer, type RandomState, readSafetensors, writeSafetensors } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';

/** Where the loop stands between two steps: enough to continue exactly as if never stopped. */
export interface TrainingLoopState {
  /** Optimiser steps taken. */
  readonly step: number;
  /** The epoch the next step belongs to. */
  readonly epoch: number;
  /** Batches of that epoch already taken. */
  readonly position: number;
  /** The shuffle stream before it drew this epoch's order, so the order can be drawn again. */
  readonly shuffleAtEpochStart: RandomState;
  readonly caption: RandomState;
  readonly objective: RandomState;
  /** Loss sum and count of the current epoch so far, and the means of finished epochs. */
  readonly epochLossSum: number;
  readonly epochLossCount: number;
  readonly epochMeanLosses: readonly number[];
  readonly lastLoss: number | null;
  /** The run's shape, checked on resume. */
  readonly datasetSize: number;
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
}

export interface TrainingCheckpoint {
  readonly loop: TrainingLoopState;
  /** Model variables by name. */
  readonly variables: ReadonlyMap<string, TrainingCheckpointTensor>;
  /** The optimiser's name and step, and its state tensors by key. */
  readonly optimizerName: string;
  readonly optimizerStep: number;
  readonly optimizerTensors: ReadonlyMap<string, TrainingCheckpointTensor>;
}

const checkpointFormat = 'mmpoison-training-checkpoint';
const checkpointVersion = '1';
const modelPrefix = 'model/';
const optimizerPrefix = 'optimizer/';

/** A tensor in a training checkpoint: float32 values, or int32 ones (an optimiser's step counts). */
export interface TrainingCheckpointTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array;
}

async function tensorRecord(tensor: tf.Tensor, name: string): Promise<TrainingCheckpointTensor> {
  // Copies: a backend may hand back its own storage.
  if (tensor.dtype === 'float32') {
    return { shape: [...tensor.shape], data: new Float32Array(await tensor.data<'float32'>()) };
  }
  if (tensor.dtype === 'int32') {
    return { shape: [...tensor.shape], data: new Int32Array(await tensor.data<'int32'>()) };
  }
  throw new TypeError(`A training checkpoint stores float32 and int32 tensors; "${name}" is ${tensor.dtype}`);
}

/**
 * Writes model variables, optimiser state and loop state to one safetensors file, atomically (a
 * crash mid-write leaves the previous checkpoint intact).
 */
export async function saveTrainingCheckpoint(
  path: string,
  variables: readonly tf.Variable[],
  optimizer: Optimizer,
  loop: TrainingLoopState,
): Promise<void> {
  const tensors: Record<string, TrainingCheckpointTensor> = {};
  for (const variable of variables) {
    tensors[`${modelPrefix}${variable.name}`] = await tensorRecord(variable, variable.name);
  }
  const state = optimizer.getState();
  try {
    for (const [key, tensor] of Object.entries(state.tensors)) {
      tensors[`${optimizerPrefix}${key}`] = await tensorRecord(tensor, `${optimizerPrefix}${key}`);
    }
  } finally {
    tf.dispose(Object.values(state.tensors));
  }
  await writeSafetensors(path, tensors, {
    format: checkpointFormat,
    version: checkpointVersion,
    optimizer: JSON.stringify({ name: optimizer.name, step: state.step }),
    loop: JSON.stringify(loop),
  });
}

function parseJson(text: string | undefined, field: string, path: string): unknown {
  if (text === undefined)
    throw new Error(`Training checkpoint ${path}: metadata field "${field}" is missing`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`Training checkpoint ${path}: metadata field "${field}" is not valid JSON`, {
      cause: error,
    });
  }
}

/** Reads a file written by {@link saveTrainingCheckpoint}; a file of another kind is a clear error. */
export async function loadTrainingCheckpoint(path: string): Promise<TrainingCheckpoint> {
  const file = await readSafetensors(path);
  const { metadata } = file;
  if (metadata['format'] !== checkpointFormat) {
    throw new Error(
      `${path} is not an mmpoison training checkpoint (metadata format is ${JSON.stringify(metadata['format'])}, expected "${checkpointFormat}")`,
    );
  }
  if (metadata['version'] !== checkpointVersion) {
    throw new Error(
      `Training checkpoint ${path} has version ${metadata['version']}, this build reads version ${checkpointVersion}`,
    );
  }
  const optimizer = parseJson(metadata['optimizer'], 'optimizer', path) as { name?: unknown; step?: unknown };
  if (typeof optimizer.name !== 'string' || typeof optimizer.step !== 'number') {
    throw new Error(`Training checkpoint ${path}: metadata field "optimizer" needs a name and a step`);
  }
  const loop = parseJson(metadata['loop'], 'loop', path) as TrainingLoopState;
  for (const field of ['step', 'epoch', 'position', 'datasetSize', 'batchSize', 'stepsPerEpoch'] as const) {
    if (!Number.isInteger(loop[field])) {
      throw new Error(`Training checkpoint ${path}: loop state field "${field}" is not an integer`);
    }
  }
  const variables = new Map<string, TrainingCheckpointTensor>();
  const optimizerTensors = new Map<string, TrainingCheckpointTensor>();
  for (const [name, tensor] of file.tensors) {
    const { data } = tensor;
    if (!(data instanceof Float32Array || data instanceof Int32Array)) {
      throw new Error(
        `Training checkpoint ${path}: tensor "${name}" is ${tensor.dtype}, expected F32 or I32`,
      );
    }
    if (name.startsWith(modelPrefix)) {
      variables.set(name.slice(modelPrefix.length), { shape: tensor.shape, data });
    } else if (name.startsWith(optimizerPrefix)) {
      optimizerTensors.set(name.slice(optimizerPrefix.length), { shape: tensor.shape, data });
    }
  }
  return {
    loop,
    variables,
    optimizerName: optimizer.name,
    optimizerStep: optimizer.step,
    optimizerTensors,
  };
}

/** Copies the checkpoint's values into `variables`; a missing or mis-shaped one names itself. */
export function restoreVariables(
  checkpoint: TrainingCheckpoint,
  variables: readonly tf.Variable[],
  path: string,
): void {
  for (const variable of variables) {
    const saved = checkpoint.variables.get(variable.name);
    if (saved === undefined) {
      throw new Error(`Training checkpoint ${path} has no value for model variable "${variable.name}"`);
    }
    if (saved.shape.length !== variable.shape.length || saved.shape.some((d, i) => d !== variable.shape[i])) {
      throw new Error(
        `Training checkpoint ${path}: variable "${variable.name}" has shape [${saved.shape}], the model expects [${variable.shape}]`,
      );
    }
    if (!(saved.data instanceof Float32Array)) {
      throw new Error(`Training checkpoint ${path}: variable "${variable.name}" is not stored as float32`);
    }
    const data = saved.data;
    tf.tidy(() => variable.assign(tf.tensor(data, [...saved.shape], 'float32')));
  }
}

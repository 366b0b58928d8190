import * as tf from '@tensorflow/tfjs';
import { type EmbeddingMatrix, embeddingMatrix } from '@mmpoison/core-tensor';
import { beforeAll } from 'vitest';

/** Unit vectors at the given angles (degrees): cosine similarity is then cos(angle difference). */
export function circle(degrees: readonly number[], length = 1): EmbeddingMatrix {
  const data = new Float32Array(degrees.length * 2);
  degrees.forEach((angle, i) => {
    data[2 * i] = length * Math.cos((angle * Math.PI) / 180);
    data[2 * i + 1] = length * Math.sin((angle * Math.PI) / 180);
  });
  return embeddingMatrix(data, degrees.length, 2);
}

/** Runs the file's tests on the wasm backend. */
export function useWasmBackend(): void {
  beforeAll(async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
  });
}

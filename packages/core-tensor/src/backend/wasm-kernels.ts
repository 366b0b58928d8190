import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterKernel } from './wasm-conv2d-backprop-filter.js';
import { unsortedSegmentSumKernel } from './wasm-unsorted-segment-sum.js';

/**
 * Kernels the tfjs 4.22 wasm backend lacks but training needs: `UnsortedSegmentSum` (gradient of
 * `tf.gather`, used by token embeddings) and `Conv2DBackpropFilter` (gradient of a convolution's
 * filter, used by patch embeddings). They run in JavaScript on data read from the wasm heap, so they
 * are slower than native kernels, but they let the fast wasm backend train.
 */
const trainingKernels: ReadonlyArray<{ readonly kernelName: string; readonly kernelFunc: tf.KernelFunc }> = [
  { kernelName: 'UnsortedSegmentSum', kernelFunc: unsortedSegmentSumKernel },
  { kernelName: 'Conv2DBackpropFilter', kernelFunc: conv2dBackpropFilterKernel },
];

/**
 * Registers the missing training kernels for backend `wasm`, skipping any that tfjs (a newer version,
 * say) already provides. Safe to call many times. Returns the names of the kernels it registered.
 */
export function registerWasmTrainingKernels(): string[] {
  const registered: string[] = [];
  for (const { kernelName, kernelFunc } of trainingKernels) {
    if (tf.getKernel(kernelName, 'wasm') === undefined) {
      tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
      registered.push(kernelName);
    }
  }
  return registered;
}

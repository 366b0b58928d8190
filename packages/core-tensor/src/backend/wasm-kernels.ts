import * as tf from '@tensorflow/tfjs';
import { batchMatMulKernel } from './wasm-batch-mat-mul.js';
import { castKernel } from './wasm-cast.js';
import { conv2dBackpropFilterKernel } from './wasm-conv2d-backprop-filter.js';
import { identityKernel } from './wasm-identity.js';
import { sliceKernels } from './wasm-slice.js';
import { StockKernels } from './wasm-stock-kernels.js';
import { sumKernel } from './wasm-sum.js';
import { unsortedSegmentSumKernel } from './wasm-unsorted-segment-sum.js';

type KernelEntry = { readonly kernelName: string; readonly kernelFunc: tf.KernelFunc };

/**
 * Kernels the tfjs 4.22 wasm backend lacks but training needs: `UnsortedSegmentSum` (gradient of
 * `tf.gather`, used by token embeddings) and `Conv2DBackpropFilter` (gradient of a convolution's
 * filter, used by patch embeddings). They run in JavaScript on data read from the wasm heap, so they
 * are slower than native kernels, but they let the fast wasm backend train.
 */
const trainingKernels: readonly KernelEntry[] = [
  { kernelName: 'UnsortedSegmentSum', kernelFunc: unsortedSegmentSumKernel },
  { kernelName: 'Conv2DBackpropFilter', kernelFunc: conv2dBackpropFilterKernel },
];

/** The stock wasm kernels we replaced, for the cases ours hand back. */
const stockKernels = new StockKernels();

const slicing = sliceKernels(stockKernels);

/**
 * Kernels that replace tfjs 4.22 wasm ones which are correct but slow on the shapes training makes
 * (see bench/NOTES.md for the measurements): `BatchMatMul` keeps transposed and batched products on
 * XNNPACK; `Identity` and same-dtype `Cast` share memory instead of copying (and a cast to bool gives 0/1); `Slice`, `SplitV` and `Unpack` copy contiguous
 * runs on the heap instead of reading the whole input out first; `Sum` over leading axes (bias and
 * LayerNorm gradients) is a SIMD product with a row of ones instead of a transpose and a reduction.
 */
const fasterKernels: readonly KernelEntry[] = [
  { kernelName: 'BatchMatMul', kernelFunc: batchMatMulKernel },
  { kernelName: 'Identity', kernelFunc: identityKernel },
  { kernelName: 'Cast', kernelFunc: castKernel(stockKernels) },
  { kernelName: 'Sum', kernelFunc: sumKernel(stockKernels) },
  ...Object.entries(slicing).map(([kernelName, kernelFunc]) => ({ kernelName, kernelFunc })),
];

/**
 * Registers the missing training kernels for backend `wasm`, skipping any that tfjs (a newer version,
 * say) already provides, and replaces the slow ones with {@link fasterKernels}. Safe to call many
 * times. Returns the names of the kernels it registered.
 */
export function registerWasmTrainingKernels(): string[] {
  // tfjs-backend-wasm registers its kernels when imported; replacing them before that would be undone.
  const registered: string[] = [];
  for (const { kernelName, kernelFunc } of trainingKernels) {
    if (tf.getKernel(kernelName, 'wasm') === undefined) {
      tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
      registered.push(kernelName);
    }
  }
  for (const { kernelName, kernelFunc } of fasterKernels) {
    const current = tf.getKernel(kernelName, 'wasm');
    if (current?.kernelFunc === kernelFunc) continue;
    // The stock kernel's setup (binding its C++ function) has run or will run with the backend; ours
    // binds lazily, so it can replace the stock one before or after the backend is initialised.
    if (current !== undefined) {
      stockKernels.keep(current);
      tf.unregisterKernel(kernelName, 'wasm');
    }
    // The stock set-up still runs at backend initialisation: other stock kernels call the C++
    // function it binds (Sum and Mean call the stock transpose, for instance).
    const setupFunc = current?.setupFunc;
    tf.registerKernel(
      setupFunc === undefined
        ? { kernelName, backendName: 'wasm', kernelFunc }
        : { kernelName, backendName: 'wasm', kernelFunc, setupFunc },
    );
    registered.push(kernelName);
  }
  return registered;
}

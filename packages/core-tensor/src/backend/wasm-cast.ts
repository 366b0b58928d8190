import type * as tf from '@tensorflow/tfjs';
import { wasmInternals } from './wasm-kernel-backend.js';
import type { StockKernels } from './wasm-stock-kernels.js';
import { heapFloats } from './wasm-tensor-view.js';

interface ReferenceCountingBackend {
  incRef(dataId: tf.DataId): void;
}

/**
 * `Cast` for the wasm backend. A cast to the tensor's own dtype shares its memory (tfjs 4.22 copies
 * it); a cast to bool gives 0/1 (tfjs 4.22 keeps the low byte of each value, so 256 → false and
 * 3 → 3); other casts go to the stock kernel in `fallbacks`.
 */
export function castKernel(fallbacks: StockKernels): tf.KernelFunc {
  return (args) => {
    const x = args.inputs['x'];
    if (x === undefined) throw new Error('Cast (wasm): expected input x');
    const dtype = args.attrs?.['dtype'] as tf.DataType;
    if (dtype === x.dtype) {
      (args.backend as unknown as ReferenceCountingBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype };
    }
    if (dtype === 'bool' && (x.dtype === 'float32' || x.dtype === 'int32')) {
      const backend = wasmInternals(args.backend, 'Cast');
      const out = backend.makeOutput([...x.shape], 'bool');
      const data = backend.dataIdMap.get(x.dataId);
      const target = backend.dataIdMap.get(out.dataId);
      if (data === undefined || target === undefined)
        throw new Error('Cast (wasm): a tensor is not on the wasm backend');
      const size = x.shape.reduce((product, dimension) => product * dimension, 1);
      const source =
        x.dtype === 'float32'
          ? heapFloats(backend, x)
          : new Int32Array(backend.wasm.HEAPU8.buffer, data.memoryOffset, size);
      const bytes = new Uint8Array(backend.wasm.HEAPU8.buffer, target.memoryOffset, size);
      for (let index = 0; index < size; index++) bytes[index] = source[index] !== 0 ? 1 : 0;
      return out;
    }
    return fallbacks.run('Cast', args);
  };
}

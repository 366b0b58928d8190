import type * as tf from '@tensorflow/tfjs';

/**
 * The two methods of `BackendWasm` the JavaScript kernels below use. Declared here structurally so the
 * core needs no type import from the optional `@tensorflow/tfjs-backend-wasm` package.
 */
export interface WasmKernelBackend {
  readSync(dataId: tf.DataId): ArrayLike<number> | unknown;
  makeOutput(
    shape: number[],
    dtype: tf.DataType,
    memoryOffset?: number,
    values?: Float32Array | Int32Array | Uint8Array,
  ): tf.TensorInfo;
}

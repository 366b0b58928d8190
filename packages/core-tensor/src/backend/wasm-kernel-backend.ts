import type * as tf from '@tensorflow/tfjs';

/** A `WebAssembly.Memory`, structurally (the project's TypeScript libs do not declare WebAssembly). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}

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

/** The Emscripten module inside `BackendWasm` (tfjs-backend-wasm 4.x), as far as our kernels use it. */
export interface WasmModuleInternals {
  cwrap(name: string, returnType: null, argumentTypes: string[]): (...parameters: unknown[]) => void;
  readonly HEAPU8: Uint8Array;
  /** The module's exports; `memory` is the heap (single-threaded builds). */
  readonly asm?: { readonly memory?: WasmMemory };
  /** The heap of the threaded build. */
  readonly wasmMemory?: WasmMemory;
  readonly tfjs: {
    registerTensor(id: number, size: number, memoryOffset: number): void;
    disposeData(id: number): void;
  };
}

/**
 * The internals of `BackendWasm` (tfjs-backend-wasm 4.x) that the fast kernels use to call the C++
 * kernels on parts of a tensor without copying: the per-tensor heap offset and C++ id, the id counter
 * and the Emscripten module. Checked at run time by {@link wasmInternals}.
 */
export interface WasmBackendInternals extends WasmKernelBackend {
  dataIdNextNumber: number;
  readonly dataIdMap: { get(dataId: tf.DataId): { id: number; memoryOffset: number } | undefined };
  readonly wasm: WasmModuleInternals;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

/** The `WebAssembly.Memory` behind the backend's heap, if this build exposes it. */
export function wasmMemory(backend: WasmBackendInternals): WasmMemory | undefined {
  const memory = backend.wasm.asm?.memory ?? backend.wasm.wasmMemory;
  return memory !== undefined && memory.buffer === backend.wasm.HEAPU8.buffer ? memory : undefined;
}

/** The backend as {@link WasmBackendInternals}, or a clear error if this tfjs version differs. */
export function wasmInternals(backend: unknown, kernel: string): WasmBackendInternals {
  const candidate = backend as Partial<WasmBackendInternals> | undefined;
  if (
    candidate === undefined ||
    typeof candidate.dataIdNextNumber !== 'number' ||
    typeof candidate.dataIdMap?.get !== 'function' ||
    typeof candidate.wasm?.cwrap !== 'function' ||
    typeof candidate.wasm.tfjs?.registerTensor !== 'function'
  ) {
    throw new Error(
      `${kernel} (wasm): the wasm backend does not expose the internals this kernel relies on (tfjs-backend-wasm 4.x layout)`,
    );
  }
  return candidate as WasmBackendInternals;
}

import type * as tf from '@tensorflow/tfjs';

/**
 * The tfjs-backend-wasm kernels we replaced, kept to hand back the cases ours do not cover. A stock
 * kernel's `setupFunc` (binding its C++ function) runs when the backend is initialised only for
 * kernels registered at that time, so it is run here, once per backend, before the first call.
 */
export class StockKernels {
  private readonly configs = new Map<string, tf.KernelConfig>();
  private readonly setUp = new Map<string, WeakSet<object>>();

  keep(config: tf.KernelConfig): void {
    this.configs.set(config.kernelName, config);
  }

  has(kernelName: string): boolean {
    return this.configs.has(kernelName);
  }

  run(kernelName: string, args: Parameters<tf.KernelFunc>[0]): ReturnType<tf.KernelFunc> {
    const config = this.configs.get(kernelName);
    if (config === undefined) throw new Error(`${kernelName} (wasm): no stock kernel to fall back on`);
    if (config.setupFunc !== undefined) {
      let done = this.setUp.get(kernelName);
      if (done === undefined) {
        done = new WeakSet();
        this.setUp.set(kernelName, done);
      }
      if (!done.has(args.backend)) {
        config.setupFunc(args.backend);
        done.add(args.backend);
      }
    }
    return config.kernelFunc(args);
  }
}

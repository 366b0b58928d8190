/**
 * CPU time per kernel and input shape over one training step of the bench model on wasm:
 * `node --import tsx --conditions=@mmpoison/source bench/kernel-profile.ts [KernelName …]`.
 * Each named wasm kernel (default: the usual suspects) is wrapped to add up `process.cpuUsage()`
 * around its calls, so other load on the machine does not inflate the numbers as wall time would.
 */
import { clipContrastiveLoss, createClipModel } from '@mmpoison/clip-model';
import { initBackend } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { benchModels, makeBenchData, sizeOnlyTokenizer } from './bench-model.js';

await initBackend({ backend: 'wasm' });
const requested = process.argv.slice(2);
const names =
  requested.length > 0
    ? requested
    : [
        'BatchMatMul',
        '_FusedMatMul',
        'Transpose',
        'Multiply',
        'Add',
        'Sub',
        'RealDiv',
        'Sum',
        'Mean',
        'Softmax',
      ];
const totals = new Map<string, { calls: number; milliseconds: number }>();
for (const name of names) {
  const kernel = tf.getKernel(name, 'wasm');
  if (kernel === undefined) throw new Error(`No wasm kernel named ${name}`);
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const start = process.cpuUsage();
      const result = kernel.kernelFunc(args);
      const used = process.cpuUsage(start);
      const shapes = Object.values(args.inputs).map((input) => `[${input?.shape ?? ''}]`);
      const key = `${name} ${shapes.join(' ')}`;
      const entry = totals.get(key) ?? { calls: 0, milliseconds: 0 };
      entry.calls += 1;
      entry.milliseconds += (used.user + used.system) / 1000;
      totals.set(key, entry);
      return result;
    },
  });
}

const model = benchModels['issue']!;
const data = makeBenchData(model);
const clip = createClipModel(model.config, {
  tokenizer: sizeOnlyTokenizer(model.config),
  weights: data.weights,
});
const size = model.config.vision.imageSize;
const pixels = tf.tensor4d(data.pixels, [model.batch, size, size, 3]);
const ids = tf.tensor2d(data.ids, [model.batch, model.config.text.contextLength], 'int32');
const optimizer = tf.train.adam(1e-4);
const step = () => {
  const loss = optimizer.minimize(
    () => clipContrastiveLoss(clip.encodeImages(pixels).embeddings, clip.encodeTokens(ids), clip.logitScale),
    true,
    clip.trainableVariables(),
  );
  loss?.dataSync();
  loss?.dispose();
};
step();
totals.clear();
const start = process.cpuUsage();
step();
const used = process.cpuUsage(start);
const sorted = [...totals.entries()].sort((a, b) => b[1].milliseconds - a[1].milliseconds);
const inKernels = sorted.reduce((sum, [, entry]) => sum + entry.milliseconds, 0);
console.log(
  `one step: ${((used.user + used.system) / 1000).toFixed(0)} CPU ms, ${inKernels.toFixed(0)} in the kernels listed`,
);
for (const [key, entry] of sorted.slice(0, 30)) {
  console.log(`${entry.milliseconds.toFixed(1).padStart(8)} ms ${String(entry.calls).padStart(4)}×  ${key}`);
}
tf.dispose([pixels, ids]);
optimizer.dispose();
clip.dispose();

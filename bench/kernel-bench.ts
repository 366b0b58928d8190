/**
 * Per-product timing on the wasm backend for the shapes one training step of the bench model makes:
 * `node --import tsx --conditions=@mmpoison/source bench/kernel-bench.ts [--stock]`. Reports GFLOP
 * per wall second and per CPU second (this process), so a loaded machine still gives usable numbers.
 * `--stock` keeps tfjs's own wasm kernels (no registerWasmTrainingKernels), for before/after.
 */
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';

const stock = process.argv.includes('--stock');
if (stock) {
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
} else {
  const { initBackend } = await import('@mmpoison/core-tensor');
  await initBackend({ backend: 'wasm' });
}

type Case = [label: string, a: number[], b: number[], transposeA: boolean, transposeB: boolean];
const rows = 64 * 65;
const cases: Case[] = [
  ['linear forward', [rows, 128], [128, 384], false, false],
  ['linear dX (x·Wᵀ)', [rows, 384], [128, 384], false, true],
  ['linear dW (xᵀ·dy)', [rows, 128], [rows, 384], true, false],
  ['mlp forward', [rows, 128], [128, 512], false, false],
  ['mlp dX', [rows, 512], [128, 512], false, true],
  ['mlp dW', [rows, 128], [rows, 512], true, false],
  ['scores q·kᵀ', [256, 65, 32], [256, 32, 65], false, false],
  ['context p·v', [256, 65, 65], [256, 65, 32], false, false],
  ['scores grad dq', [256, 65, 65], [256, 65, 32], false, false],
  ['dk (dsᵀ·q)', [256, 65, 65], [256, 65, 32], true, false],
  ['dp (dctx·vᵀ)', [256, 65, 32], [256, 65, 32], false, true],
  ['dv (pᵀ·dctx)', [256, 65, 65], [256, 65, 32], true, false],
];
for (const [label, shapeA, shapeB, transposeA, transposeB] of cases) {
  const a = tf.randomNormal(shapeA, 0, 1, 'float32', 1);
  const b = tf.randomNormal(shapeB, 0, 1, 'float32', 2);
  const inner = transposeA ? shapeA.at(-2)! : shapeA.at(-1)!;
  const warm = tf.matMul(a, b, transposeA, transposeB);
  const flops = 2 * warm.size * inner;
  warm.dispose();
  const repeats = 5;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let index = 0; index < repeats; index++) {
    const c = tf.matMul(a, b, transposeA, transposeB);
    c.dataSync();
    c.dispose();
  }
  const wall = (performance.now() - start) / 1000 / repeats;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6 / repeats;
  console.log(
    `${label.padEnd(20)} ${(wall * 1000).toFixed(1).padStart(7)} ms  ${(flops / wall / 1e9).toFixed(1).padStart(5)} GFLOP/s  ${(flops / cpuSeconds / 1e9).toFixed(1).padStart(5)} GFLOP/CPU-s`,
  );
  a.dispose();
  b.dispose();
}

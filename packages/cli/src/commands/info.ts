import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readClipCheckpoint } from '@mmpoison/clip-model';
import { type CliCommand, UsageError } from '../command.js';
import {
  clipInferenceOptions,
  inferenceArgumentOptions,
  inferenceUsage,
} from './clip-inference-arguments.js';

/** `mmpoison info <checkpoint>`: the inferred CLIP config and parameter count of a checkpoint. */
export const infoCommand: CliCommand = {
  path: ['info'],
  summary: 'Show the CLIP config inferred from a safetensors checkpoint and its parameter count',
  usage: `Usage: mmpoison info <checkpoint.safetensors> [options]

Reads a CLIP checkpoint with OpenAI state-dict names or Hugging Face CLIPModel names (F32, F16 or
BF16) and prints JSON: the file, which names it uses, the config inferred from the tensor shapes, the
parameter count, and the optimiser state and metadata keys it carries. A missing, extra or
mis-shaped tensor is an error naming it.

${inferenceUsage}`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: inferenceArgumentOptions,
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one checkpoint file');
    const file = resolve(io.cwd, positionals[0]!);
    const checkpoint = await readClipCheckpoint(file, clipInferenceOptions(values));
    let parameters = 0;
    for (const weight of checkpoint.weights.values()) parameters += weight.length;
    const info = {
      file,
      layout: checkpoint.layout,
      config: checkpoint.config,
      parameters,
      tensors: checkpoint.weights.size,
      optimizerState: checkpoint.optimizerState.size,
      metadata: Object.keys(checkpoint.metadata).sort(),
    };
    io.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return 0;
  },
};

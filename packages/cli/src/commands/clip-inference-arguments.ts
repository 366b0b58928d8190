import type { ClipInferenceOptions } from '@mmpoison/clip-model';
import { choiceArgument, integerArgument } from '../argument-parsers.js';

/** Flags that settle what a checkpoint's shapes cannot say (activation, heads). */
export const inferenceArgumentOptions = {
  activation: { type: 'string' },
  'vision-heads': { type: 'string' },
  'text-heads': { type: 'string' },
} as const;

export const inferenceUsage = `  --activation quick-gelu|gelu  QuickGELU (OpenAI's weights) unless told otherwise
  --vision-heads n, --text-heads n  Attention heads when the width is not a multiple of 64
                                (OpenAI's rule is width / 64; mmpoison's own files store them)`;

export function clipInferenceOptions(values: {
  readonly activation?: string | undefined;
  readonly 'vision-heads'?: string | undefined;
  readonly 'text-heads'?: string | undefined;
}): ClipInferenceOptions {
  const activation = choiceArgument('activation', values.activation, ['quick-gelu', 'gelu'] as const);
  const visionHeads = values['vision-heads'];
  const textHeads = values['text-heads'];
  const heads = {
    ...(visionHeads === undefined ? {} : { vision: integerArgument('vision-heads', visionHeads) }),
    ...(textHeads === undefined ? {} : { text: integerArgument('text-heads', textHeads) }),
  };
  return {
    ...(activation === undefined ? {} : { activation }),
    ...(Object.keys(heads).length === 0 ? {} : { heads }),
  };
}

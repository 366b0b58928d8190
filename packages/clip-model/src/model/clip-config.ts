/** The MLP non-linearity: OpenAI's weights use QuickGELU `x·σ(1.702x)`; exact GELU is a flag. */
export type ClipActivation = 'quick-gelu' | 'gelu';

export interface ClipVisionConfig {
  /** Square input resolution in pixels. */
  readonly imageSize: number;
  readonly patchSize: number;
  readonly width: number;
  readonly layers: number;
  readonly heads: number;
}

export interface ClipTextConfig {
  /** Tokens per text (positional embedding rows). */
  readonly contextLength: number;
  /** Token embedding rows; the end-of-text token has the largest id. */
  readonly vocabSize: number;
  readonly width: number;
  readonly layers: number;
  readonly heads: number;
}

/** The shape of a CLIP model with ViT image tower (methods.md, CLIP section). */
export interface ClipConfig {
  readonly vision: ClipVisionConfig;
  readonly text: ClipTextConfig;
  /** Size of the joint embedding space. */
  readonly embedDim: number;
  readonly activation: ClipActivation;
}

/** Fields to change in a named or given config. */
export interface ClipConfigOverrides {
  readonly vision?: Partial<ClipVisionConfig>;
  readonly text?: Partial<ClipTextConfig>;
  readonly embedDim?: number;
  readonly activation?: ClipActivation;
}

const OPENAI_TEXT: ClipTextConfig = { contextLength: 77, vocabSize: 49408, width: 512, layers: 12, heads: 8 };

/**
 * The named configs. The ViT ones follow OpenAI's released models; `tiny-32` is a CPU-sized model
 * for training from scratch on small sets, `micro` is for tests. Small configs use a small
 * vocabulary: set `text.vocabSize` (and `contextLength`) to the tokenizer's when they differ.
 */
export const CLIP_CONFIGS = {
  'ViT-B/32': {
    vision: { imageSize: 224, patchSize: 32, width: 768, layers: 12, heads: 12 },
    text: OPENAI_TEXT,
    embedDim: 512,
    activation: 'quick-gelu',
  },
  'ViT-B/16': {
    vision: { imageSize: 224, patchSize: 16, width: 768, layers: 12, heads: 12 },
    text: OPENAI_TEXT,
    embedDim: 512,
    activation: 'quick-gelu',
  },
  'ViT-L/14': {
    vision: { imageSize: 224, patchSize: 14, width: 1024, layers: 24, heads: 16 },
    text: { ...OPENAI_TEXT, width: 768, heads: 12 },
    embedDim: 768,
    activation: 'quick-gelu',
  },
  'tiny-32': {
    vision: { imageSize: 32, patchSize: 4, width: 128, layers: 4, heads: 4 },
    text: { contextLength: 32, vocabSize: 4096, width: 128, layers: 4, heads: 4 },
    embedDim: 128,
    activation: 'quick-gelu',
  },
  micro: {
    vision: { imageSize: 16, patchSize: 4, width: 32, layers: 2, heads: 2 },
    text: { contextLength: 16, vocabSize: 256, width: 32, layers: 2, heads: 2 },
    embedDim: 32,
    activation: 'quick-gelu',
  },
} as const satisfies Record<string, ClipConfig>;

export type ClipConfigName = keyof typeof CLIP_CONFIGS;

export function isClipConfigName(name: string): name is ClipConfigName {
  return Object.hasOwn(CLIP_CONFIGS, name);
}

/**
 * A named config or a given one, with overrides applied, checked for consistency. Throws naming
 * the field for an unknown name, a non-positive or non-integer size, an image size not divisible
 * by the patch size, or a width not divisible by the number of heads.
 */
export function resolveClipConfig(
  nameOrConfig: ClipConfigName | string | ClipConfig,
  overrides: ClipConfigOverrides = {},
): ClipConfig {
  let base: ClipConfig;
  if (typeof nameOrConfig === 'string') {
    if (!isClipConfigName(nameOrConfig)) {
      throw new Error(
        `Unknown CLIP config "${nameOrConfig}"; known configs: ${Object.keys(CLIP_CONFIGS).join(', ')}`,
      );
    }
    base = CLIP_CONFIGS[nameOrConfig];
  } else {
    base = nameOrConfig;
  }
  const config: ClipConfig = {
    vision: { ...base.vision, ...overrides.vision },
    text: { ...base.text, ...overrides.text },
    embedDim: overrides.embedDim ?? base.embedDim,
    activation: overrides.activation ?? base.activation,
  };
  validateClipConfig(config);
  return config;
}

/** Throws an Error naming the first inconsistent field of `config`. */
export function validateClipConfig(config: ClipConfig): void {
  const sizes: [string, unknown][] = [
    ['vision.imageSize', config.vision?.imageSize],
    ['vision.patchSize', config.vision?.patchSize],
    ['vision.width', config.vision?.width],
    ['vision.layers', config.vision?.layers],
    ['vision.heads', config.vision?.heads],
    ['text.contextLength', config.text?.contextLength],
    ['text.vocabSize', config.text?.vocabSize],
    ['text.width', config.text?.width],
    ['text.layers', config.text?.layers],
    ['text.heads', config.text?.heads],
    ['embedDim', config.embedDim],
  ];
  for (const [field, value] of sizes) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new Error(`ClipConfig ${field} must be a positive integer, got ${JSON.stringify(value)}`);
    }
  }
  const { vision, text } = config;
  if (vision.imageSize % vision.patchSize !== 0) {
    throw new Error(
      `ClipConfig vision.imageSize ${vision.imageSize} is not divisible by vision.patchSize ${vision.patchSize}`,
    );
  }
  if (vision.width % vision.heads !== 0) {
    throw new Error(
      `ClipConfig vision.width ${vision.width} is not divisible by vision.heads ${vision.heads}`,
    );
  }
  if (text.width % text.heads !== 0) {
    throw new Error(`ClipConfig text.width ${text.width} is not divisible by text.heads ${text.heads}`);
  }
  if (text.vocabSize < 2) {
    throw new Error(`ClipConfig text.vocabSize must be at least 2, got ${text.vocabSize}`);
  }
  if (config.activation !== 'quick-gelu' && config.activation !== 'gelu') {
    throw new Error(
      `ClipConfig activation must be "quick-gelu" or "gelu", got ${JSON.stringify(config.activation)}`,
    );
  }
}

/** Number of vision tokens: one per patch plus the class token. */
export function visionTokenCount(vision: ClipVisionConfig): number {
  const grid = vision.imageSize / vision.patchSize;
  return grid * grid + 1;
}

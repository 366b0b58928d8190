import { describe, expect, it } from 'vitest';
import { CLIP_CONFIGS, resolveClipConfig, visionTokenCount } from './clip-config.js';

describe('resolveClipConfig', () => {
  it('returns the named OpenAI configs as methods.md lists them', () => {
    const base32 = resolveClipConfig('ViT-B/32');
    expect(base32.vision).toEqual({ imageSize: 224, patchSize: 32, width: 768, layers: 12, heads: 12 });
    expect(base32.text).toEqual({ contextLength: 77, vocabSize: 49408, width: 512, layers: 12, heads: 8 });
    expect(base32.embedDim).toBe(512);
    expect(resolveClipConfig('ViT-B/16').vision.patchSize).toBe(16);
    const large = resolveClipConfig('ViT-L/14');
    expect([
      large.embedDim,
      large.vision.width,
      large.vision.layers,
      large.text.width,
      large.text.heads,
    ]).toEqual([768, 1024, 24, 768, 12]);
    expect(visionTokenCount(base32.vision)).toBe(50);
    expect(visionTokenCount(resolveClipConfig('ViT-B/16').vision)).toBe(197);
  });

  it('applies overrides and accepts a config object', () => {
    const config = resolveClipConfig('tiny-32', { text: { vocabSize: 1000 }, activation: 'gelu' });
    expect(config.text.vocabSize).toBe(1000);
    expect(config.text.width).toBe(CLIP_CONFIGS['tiny-32'].text.width);
    expect(config.activation).toBe('gelu');
    expect(resolveClipConfig(config)).toEqual(config);
  });

  it('rejects unknown names and inconsistent fields, naming the field', () => {
    expect(() => resolveClipConfig('ViT-H/99')).toThrow(/Unknown CLIP config "ViT-H\/99".*ViT-B\/32/);
    expect(() => resolveClipConfig('micro', { vision: { imageSize: 18 } })).toThrow(
      'vision.imageSize 18 is not divisible by vision.patchSize 4',
    );
    expect(() => resolveClipConfig('micro', { vision: { heads: 3 } })).toThrow(
      'vision.width 32 is not divisible by vision.heads 3',
    );
    expect(() => resolveClipConfig('micro', { text: { heads: 5 } })).toThrow(
      'text.width 32 is not divisible by text.heads 5',
    );
    expect(() => resolveClipConfig('micro', { text: { layers: 0 } })).toThrow(
      'text.layers must be a positive integer',
    );
    expect(() => resolveClipConfig('micro', { embedDim: 2.5 })).toThrow(
      'embedDim must be a positive integer',
    );
    expect(() => resolveClipConfig('micro', { activation: 'relu' as never })).toThrow('activation must be');
  });
});

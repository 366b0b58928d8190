import { describe, expect, it } from 'vitest';
import { clipParameterSpecs, resolveClipConfig } from '../model/index.js';
import { inferClipConfig } from './infer-clip-config.js';

function openAiShapes(config = resolveClipConfig('ViT-B/32')): Map<string, { shape: readonly number[] }> {
  return new Map(clipParameterSpecs(config).map((spec) => [spec.name, { shape: spec.shape }]));
}

describe('inferClipConfig', () => {
  it('recovers ViT-B/32 and ViT-L/14 from OpenAI state-dict shapes', () => {
    expect(inferClipConfig(openAiShapes())).toEqual(resolveClipConfig('ViT-B/32'));
    const large = resolveClipConfig('ViT-L/14');
    expect(inferClipConfig(openAiShapes(large))).toEqual(large);
  });

  it('recovers a config from Hugging Face CLIPModel shapes, ignoring position_ids', () => {
    const w = 768;
    const t = 512;
    const shapes: Record<string, { shape: number[] }> = {
      'vision_model.embeddings.class_embedding': { shape: [w] },
      'vision_model.embeddings.patch_embedding.weight': { shape: [w, 3, 16, 16] },
      'vision_model.embeddings.position_embedding.weight': { shape: [197, w] },
      'vision_model.embeddings.position_ids': { shape: [1, 197] },
      'vision_model.encoder.layers.0.self_attn.q_proj.weight': { shape: [w, w] },
      'vision_model.encoder.layers.0.self_attn.k_proj.weight': { shape: [w, w] },
      'vision_model.encoder.layers.0.self_attn.v_proj.weight': { shape: [w, w] },
      'vision_model.encoder.layers.1.layer_norm1.weight': { shape: [w] },
      'text_model.embeddings.token_embedding.weight': { shape: [49408, t] },
      'text_model.embeddings.position_embedding.weight': { shape: [77, t] },
      'text_model.encoder.layers.0.mlp.fc1.weight': { shape: [4 * t, t] },
      'text_model.final_layer_norm.weight': { shape: [t] },
      'text_projection.weight': { shape: [512, t] },
      'visual_projection.weight': { shape: [512, w] },
    };
    expect(inferClipConfig(shapes, { activation: 'gelu' })).toEqual({
      vision: { imageSize: 224, patchSize: 16, width: w, layers: 2, heads: 12 },
      text: { contextLength: 77, vocabSize: 49408, width: t, layers: 1, heads: 8 },
      embedDim: 512,
      activation: 'gelu',
    });
  });

  it('asks for heads when the width is not a multiple of 64, and takes them when given', () => {
    const micro = resolveClipConfig('micro');
    expect(() => inferClipConfig(openAiShapes(micro))).toThrow(
      'Cannot infer the number of vision attention heads: width 32 is not a multiple of 64',
    );
    expect(inferClipConfig(openAiShapes(micro), { heads: { vision: 2, text: 2 } })).toEqual(micro);
  });

  it('names the tensor it cannot infer from', () => {
    const shapes = openAiShapes();
    shapes.delete('text_projection');
    expect(() => inferClipConfig(shapes)).toThrow('the checkpoint has no tensor text_projection');
    const bad = openAiShapes();
    bad.set('visual.positional_embedding', { shape: [51, 768] });
    expect(() => inferClipConfig(bad)).toThrow('visual.positional_embedding has 51 rows');
    expect(() => inferClipConfig({ 'visual.layer1.0.conv1.weight': { shape: [64, 64, 1, 1] } })).toThrow(
      'ResNet image towers are not supported',
    );
  });
});

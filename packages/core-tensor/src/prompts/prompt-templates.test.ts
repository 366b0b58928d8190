import { describe, expect, it } from 'vitest';
import {
  CLIP_IMAGENET_TEMPLATES,
  CLIP_IMAGENET_TEMPLATES_SMALL,
  DEFAULT_ZERO_SHOT_TEMPLATES,
  fillTemplate,
} from './prompt-templates.js';

describe('prompt templates', () => {
  it("has CLIP's 80 distinct ImageNet templates, each with one slot", () => {
    expect(CLIP_IMAGENET_TEMPLATES).toHaveLength(80);
    expect(new Set(CLIP_IMAGENET_TEMPLATES).size).toBe(80);
    for (const template of CLIP_IMAGENET_TEMPLATES) expect(template.split('{}')).toHaveLength(2);
    expect(CLIP_IMAGENET_TEMPLATES[0]).toBe('a bad photo of a {}.');
    expect(CLIP_IMAGENET_TEMPLATES.at(-1)).toBe('a tattoo of the {}.');
    for (const template of CLIP_IMAGENET_TEMPLATES_SMALL) expect(CLIP_IMAGENET_TEMPLATES).toContain(template);
    expect(fillTemplate(DEFAULT_ZERO_SHOT_TEMPLATES[0]!, 'cat')).toBe('a photo of a cat.');
  });

  it('rejects a template without a slot', () => {
    expect(() => fillTemplate('a photo', 'cat')).toThrow(/"a photo" must contain "\{\}" exactly once/);
  });
});

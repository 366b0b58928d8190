import { CLIP_IMAGENET_TEMPLATES, fillTemplate } from '@mmpoison/core-tensor';

/**
 * CLIP's 80 ImageNet prompt templates filled with `label`, in template order: the adversarial
 * captions of the targeted image attack and of backdoors (Carlini & Terzis; RoCLIP §3.2).
 */
export function fillTemplates(label: string): string[] {
  return CLIP_IMAGENET_TEMPLATES.map((template) => fillTemplate(template, label));
}

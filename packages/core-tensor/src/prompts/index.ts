export {
  CLIP_IMAGENET_TEMPLATES,
  CLIP_IMAGENET_TEMPLATES_SMALL,
  DEFAULT_ZERO_SHOT_TEMPLATES,
  fillTemplate,
} from './prompt-templates.js';

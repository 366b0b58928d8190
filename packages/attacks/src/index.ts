export type { PoisonDraft, PoisoningResult } from './attacks/assemble-poisoning.js';
export { type BackdoorCaptions, type BackdoorOptions, backdoorAttack } from './attacks/backdoor.js';
export {
  type LabelConsistentBackdoorOptions,
  labelConsistentBackdoorAttack,
} from './attacks/label-consistent-backdoor.js';
export type { LabelGoal, LabelPoisoningOptions } from './attacks/label-goal-poisoning.js';
export {
  type MultipleTargetLabelsOptions,
  multipleTargetLabelsAttack,
} from './attacks/multiple-target-labels.js';
export { describeBudget, poisonsPerGoal } from './attacks/poison-budget.js';
export type {
  AttackName,
  PoisonBudget,
  PoisonGoal,
  PoisonManifest,
  PoisonMode,
  PoisonRecord,
} from './attacks/poison-manifest.js';
export { PoisonedDataset, type PoisonPlan } from './attacks/poisoned-dataset.js';
export { type SingleTargetImageOptions, singleTargetImageAttack } from './attacks/single-target-image.js';
export { type SingleTargetLabelOptions, singleTargetLabelAttack } from './attacks/single-target-label.js';
export { type TargetedImageOptions, targetedImageAttack } from './attacks/targeted-image.js';
export {
  type CaptionSource,
  captionsMentioning,
  photoOfCaption,
  recordMentions,
  wordMatcher,
} from './captions/caption-sources.js';
export { fillTemplates } from './captions/fill-templates.js';
export {
  type ExportedRecord,
  type ExportOptions,
  type ExportSummary,
  exportFileNames,
  exportPoisonedDataset,
} from './export/export-poisoned-dataset.js';
export {
  type BadNetPatchOptions,
  type BadNetPatchSettings,
  type BadNetPatchTrigger,
  badNetPatch,
  effectivePatchSize,
  type PatchLocation,
  type PatchRegion,
} from './triggers/badnet-patch.js';
export { type BlendedOptions, type BlendedSettings, blended } from './triggers/blended.js';
export { type BppOptions, type BppSettings, bpp } from './triggers/bpp.js';
export { createTrigger, triggerNames } from './triggers/create-trigger.js';
export { resizeBilinear } from './triggers/resize-bilinear.js';
export { type SigOptions, type SigSettings, sig } from './triggers/sig.js';
export type { JsonValue, Trigger, TriggerContext, TriggerName, TriggerSpec } from './triggers/trigger.js';
export {
  type WanetOptions,
  type WanetPreset,
  type WanetSettings,
  type WanetTrigger,
  type WarpField,
  wanet,
  wanetPresets,
} from './triggers/wanet.js';

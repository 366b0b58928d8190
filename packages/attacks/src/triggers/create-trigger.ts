import { type BadNetPatchOptions, badNetPatch } from './badnet-patch.js';
import { type BlendedOptions, blended } from './blended.js';
import { type BppOptions, bpp } from './bpp.js';
import { type SigOptions, sig } from './sig.js';
import type { Trigger, TriggerName, TriggerSpec } from './trigger.js';
import { type WanetOptions, wanet } from './wanet.js';

/** Every trigger's name, for command lines and error messages. */
export const triggerNames: readonly TriggerName[] = ['badnet', 'blended', 'wanet', 'sig', 'bpp'];

/**
 * Builds a trigger from its name and options, e.g. the `trigger` entry of a poison manifest, so a
 * test set can be triggered with exactly the trigger a poisoned training set was built with.
 */
export function createTrigger(spec: TriggerSpec): Trigger {
  const options = spec.options as Record<string, unknown>;
  switch (spec.name) {
    case 'badnet':
      return badNetPatch(options as BadNetPatchOptions);
    case 'blended':
      return blended(options as BlendedOptions);
    case 'wanet':
      return wanet(options as WanetOptions);
    case 'sig':
      return sig(options as SigOptions);
    case 'bpp':
      return bpp(options as BppOptions);
    default:
      throw new RangeError(
        `Unknown trigger '${String(spec.name)}', expected one of ${triggerNames.join(', ')}`,
      );
  }
}

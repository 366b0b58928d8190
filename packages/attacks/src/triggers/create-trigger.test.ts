import { describe, expect, it } from 'vitest';
import { randomImage } from '../__fixtures__/test-images.js';
import { badNetPatch } from './badnet-patch.js';
import { blended } from './blended.js';
import { bpp } from './bpp.js';
import { createTrigger } from './create-trigger.js';
import { sig } from './sig.js';
import type { TriggerSpec } from './trigger.js';
import { wanet } from './wanet.js';

describe('createTrigger', () => {
  it('rebuilds each trigger from its JSON spec with identical output', () => {
    const image = randomImage(24, 24, 8);
    const triggers = [
      badNetPatch({ seed: 3, kind: 'htba', size: 4 }),
      badNetPatch({ seed: 3 }),
      blended({ seed: 5, ratio: 0.3 }),
      wanet({ seed: 6, preset: 'semantic-shield' }),
      sig({ frequency: 3 }),
      bpp({ levels: 4 }),
    ];
    for (const trigger of triggers) {
      const spec = JSON.parse(
        JSON.stringify({ name: trigger.name, options: trigger.options }),
      ) as TriggerSpec;
      const rebuilt = createTrigger(spec);
      expect(rebuilt.options).toEqual(trigger.options);
      expect(rebuilt.apply(image, { id: 'test-1' }).data).toEqual(
        trigger.apply(image, { id: 'test-1' }).data,
      );
    }
  });

  it('names the unknown trigger', () => {
    expect(() => createTrigger({ name: 'rainbow' as never, options: {} })).toThrow(/rainbow.*badnet/);
  });
});

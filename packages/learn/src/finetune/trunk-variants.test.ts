import { expect } from 'chai';
import { SeededRandom } from '@kenobi/core';
import { augmentInput, dihedralVariants, itemRandom, parseAugment } from '@kenobi/features';
import { augmentReason, cacheableAugment, cachedVariants, variantOf } from './trunk-variants.js';

describe('learn/finetune: which augmentations the trunk cache holds', () => {
  it('dihedral and flip are cached as the 8 variants; rotate, shift and zoom need the trunk on every step', () => {
    expect(cacheableAugment(parseAugment('dihedral,flip'))).to.equal(true);
    expect(cachedVariants(parseAugment('dihedral'))).to.equal(8);
    expect(cachedVariants(parseAugment('none'))).to.equal(1);
    for (const random of ['rotate:30', 'shift', 'zoom', 'dihedral,zoom:0.1']) expect(cacheableAugment(parseAugment(random)), random).to.equal(false);
    expect(augmentReason(parseAugment('dihedral,rotate:20,shift'))).to.equal('random rotate, shift cannot be cached: the trunk runs on every step');
  });

  for (const spec of ['dihedral', 'flip', 'dihedral,flip']) {
    it(`variantOf picks the cached variant that augmentInput makes (${spec}), over 200 images and 3 epochs`, () => {
      const aug = parseAugment(spec);
      const rng = new SeededRandom(5);
      const dims = [2, 5, 5] as const;
      const seen = new Set<number>();
      for (let item = 0; item < 200; item++) {
        const x = Float32Array.from({ length: 50 }, () => rng.normal());
        const variants = dihedralVariants(x, 2, 5, 5);
        for (const epoch of [0, 1, 7]) {
          const out = new Float32Array(50);
          augmentInput(x, dims, aug, itemRandom(11, epoch, item), out);
          const v = variantOf(aug, 11, epoch, item, 5, 5);
          seen.add(v);
          expect(Array.from(variants.subarray(v * 50, (v + 1) * 50)), `item ${item} epoch ${epoch}`).to.deep.equal(Array.from(out));
        }
      }
      expect(seen.size, 'the draws reach every variant the spec can make').to.equal(spec === 'flip' ? 4 : 8);
    });
  }
});

import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { applyAugmentation, dihedral, DIHEDRAL_TRANSFORMS, drawAugmentation, type Raster } from '@kenobi/imaging';
import { augmentInput, itemRandom } from './augment-input.js';
import { augments, formatAugment, parseAugment } from './augment-spec.js';

/** A 3-channel [c, h, w] input whose every value is distinct: 1000·c + 10·y + x. */
function input(h: number, w: number): Float32Array {
  const out = new Float32Array(3 * h * w);
  for (let c = 0; c < 3; c++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[c * h * w + y * w + x] = 1000 * c + 10 * y + x;
  return out;
}

function toRaster(chw: Float32Array, h: number, w: number): Raster<Float32Array> {
  const data = new Float32Array(chw.length);
  for (let c = 0; c < 3; c++) for (let p = 0; p < h * w; p++) data[p * 3 + c] = chw[c * h * w + p]!;
  return { width: w, height: h, channels: 3, data };
}

describe('features/stream: seeded per-image augmentation', () => {
  it('parses the --augment words into Keras parameters and the dihedral flag, and back', () => {
    expect(parseAugment('dihedral')).to.deep.equal({ dihedral: true, keras: {} });
    expect(parseAugment('flip,rotate:30,shift,zoom:0.2,fill:reflect')).to.deep.equal({
      dihedral: false, keras: { horizontalFlip: true, verticalFlip: true, rotationRange: 30, widthShiftRange: 0.1, heightShiftRange: 0.1, zoomRange: 0.2, fillMode: 'reflect' },
    });
    expect(formatAugment(parseAugment('dihedral,shift'))).to.equal('dihedral,shift:0.1');
    expect(augments(parseAugment('none'))).to.equal(false);
    expect(augments(parseAugment('fill:wrap'))).to.equal(false);
    for (const bad of ['mirror', 'rotate:500', 'shift:x', 'dihedral:2', 'fill:smear', 'zoom:0.1:2']) {
      expect(() => parseAugment(bad), bad).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'features/bad-option'));
    }
  });

  it('dihedral augmentation is exactly one of the 8 symmetries of the channels-last image, drawn from (seed, epoch, index)', () => {
    const x = input(6, 6), out = new Float32Array(x.length);
    const seen = new Set<string>();
    for (let index = 0; index < 64; index++) {
      augmentInput(x, [3, 6, 6], parseAugment('dihedral'), itemRandom(11, 2, index), out);
      const rng = itemRandom(11, 2, index);
      const t = DIHEDRAL_TRANSFORMS[rng.int(8)]!;
      const want = dihedral(toRaster(x, 6, 6), t);
      expect(Array.from(toRaster(out, 6, 6).data)).to.deep.equal(Array.from(want.data));
      seen.add(t);
    }
    expect(seen.size).to.equal(8);
  });

  it('Keras parameters go through drawAugmentation/applyAugmentation with the same generator; same key, same image; new epoch, new image', () => {
    const x = input(8, 8), a = new Float32Array(x.length), b = new Float32Array(x.length), c = new Float32Array(x.length);
    const spec = parseAugment('rotate:40,shift:0.2,zoom:0.2');
    augmentInput(x, [3, 8, 8], spec, itemRandom(5, 0, 17), a);
    augmentInput(x, [3, 8, 8], spec, itemRandom(5, 0, 17), b);
    augmentInput(x, [3, 8, 8], spec, itemRandom(5, 1, 17), c);
    expect(Array.from(a)).to.deep.equal(Array.from(b));
    expect(Array.from(a)).to.not.deep.equal(Array.from(c));
    const rng = itemRandom(5, 0, 17);
    const want = applyAugmentation(toRaster(x, 8, 8), drawAugmentation(spec.keras, 8, 8, rng), { fillMode: 'nearest' });
    expect(Array.from(toRaster(a, 8, 8).data)).to.deep.equal(Array.from(want.data));
    expect(Array.from(a)).to.not.deep.equal(Array.from(x));
  });

  it('no augmentation copies; dihedral on a non-square input is a typed error', () => {
    const x = input(4, 6), out = new Float32Array(x.length);
    augmentInput(x, [3, 4, 6], parseAugment('none'), itemRandom(0, 0, 0), out);
    expect(Array.from(out)).to.deep.equal(Array.from(x));
    expect(() => augmentInput(x, [3, 4, 6], parseAugment('dihedral'), itemRandom(0, 0, 0), out)).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'features/bad-option'));
  });
});

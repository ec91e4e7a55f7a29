import { expect } from 'chai';
import { SeededRandom } from '@kenobi/core';
import type { Raster } from '../raster/raster.js';
import { composeDihedral, dihedral, DIHEDRAL_TRANSFORMS, inverseDihedral } from './dihedral.js';
import { applyAugmentation, drawAugmentation, ImageAugmenter } from './random-augmentation.js';
import { affineTransform } from './affine-transform.js';
import { fillIndex } from './fill-mode.js';

const ramp = (w: number, h: number, c = 1): Raster<Float32Array> => ({ width: w, height: h, channels: c, data: Float32Array.from({ length: w * h * c }, (_, i) => i) });
const same = (a: Raster, b: Raster): boolean => a.width === b.width && a.height === b.height && a.channels === b.channels && a.data.every((v, i) => v === b.data[i]);
const noDraw = { theta: 0, rowShift: 0, colShift: 0, zoomRow: 1, zoomCol: 1, flipH: false, flipV: false };

describe('imaging augmentation', () => {
  it('flipping twice is the identity; each transform has an inverse', () => {
    const img = ramp(5, 3, 2);
    for (const t of ['flipH', 'flipV', 'transpose', 'antiTranspose', 'rot180'] as const) expect(same(dihedral(dihedral(img, t), t), img), t).to.equal(true);
    for (const t of DIHEDRAL_TRANSFORMS) expect(same(dihedral(dihedral(img, t), inverseDihedral(t)), img), t).to.equal(true);
  });

  it('the 8 dihedral transforms are distinct and closed under composition, matching the images', () => {
    const img = ramp(4, 3);
    const images = DIHEDRAL_TRANSFORMS.map((t) => dihedral(img, t));
    for (let i = 0; i < 8; i++) for (let j = i + 1; j < 8; j++) expect(same(images[i]!, images[j]!)).to.equal(false);
    for (const a of DIHEDRAL_TRANSFORMS) {
      for (const b of DIHEDRAL_TRANSFORMS) {
        const c = composeDihedral(a, b);
        expect(DIHEDRAL_TRANSFORMS).to.include(c);
        expect(same(dihedral(dihedral(img, a), b), dihedral(img, c)), `${a} then ${b} = ${c}`).to.equal(true);
      }
    }
    expect(composeDihedral('transpose', 'flipV')).to.equal('rot90');
  });

  it('rot90 is numpy rot90 (a.T[::-1]) and the affine 90° rotation is an exact quarter turn', () => {
    const img = ramp(3, 2);
    expect(Array.from(dihedral(img, 'rot90').data)).to.deep.equal([2, 5, 1, 4, 0, 3]);
    const sq = ramp(6, 6, 3);
    expect(same(applyAugmentation(sq, { ...noDraw, theta: 90 }), dihedral(sq, 'rot270'))).to.equal(true);
    expect(same(applyAugmentation(sq, { ...noDraw, theta: -90 }), dihedral(sq, 'rot90'))).to.equal(true);
    expect(same(applyAugmentation(sq, { ...noDraw, theta: 180 }), dihedral(sq, 'rot180'))).to.equal(true);
  });

  it('is reproducible for a seed and differs between seeds', () => {
    const params = { rotationRange: 30, widthShiftRange: 0.2, heightShiftRange: 0.1, zoomRange: 0.2, horizontalFlip: true, verticalFlip: true, fillMode: 'reflect' as const };
    const img: Raster<Uint8Array> = { width: 16, height: 12, channels: 3, data: Uint8Array.from({ length: 576 }, (_, i) => (i * 37) % 256) };
    const run = (seed: number): Raster[] => { const a = new ImageAugmenter(params, seed); return [0, 1, 2, 3].map(() => a.augment(img)); };
    const one = run(7);
    const two = run(7);
    one.forEach((r, i) => expect(same(r, two[i]!)).to.equal(true));
    expect(one.some((r, i) => !same(r, run(8)[i]!))).to.equal(true);
    expect(one[0]!.data).to.be.instanceOf(Uint8Array);
    const d = drawAugmentation(params, 16, 12, new SeededRandom(3));
    expect(Math.abs(d.theta)).to.be.at.most(30);
    expect(Math.abs(d.colShift)).to.be.at.most(0.2 * 16);
    expect(Math.abs(d.rowShift)).to.be.at.most(0.1 * 12);
    expect(d.zoomRow).to.be.within(0.8, 1.2);
  });

  it('fills borders per mode when shifting', () => {
    const row: Raster<Float32Array> = { width: 4, height: 1, channels: 1, data: Float32Array.of(1, 2, 3, 4) };
    const shift = (fillMode: 'reflect' | 'nearest' | 'wrap' | 'constant'): number[] =>
      Array.from(affineTransform(row, { matrix: [1, 0, 0, 1], offset: [0, -2] }, { fillMode, cval: -1 }).data);
    expect(shift('reflect')).to.deep.equal([2, 1, 1, 2]);
    expect(shift('nearest')).to.deep.equal([1, 1, 1, 2]);
    expect(shift('wrap')).to.deep.equal([3, 4, 1, 2]);
    expect(shift('constant')).to.deep.equal([-1, -1, 1, 2]);
    expect([fillIndex(-1, 4, 'reflect'), fillIndex(4, 4, 'reflect'), fillIndex(9, 4, 'reflect')]).to.deep.equal([0, 3, 1]);
    const shifted = applyAugmentation(row, { ...noDraw, colShift: 1 }, { fillMode: 'nearest' });
    expect(Array.from(shifted.data)).to.deep.equal([2, 3, 4, 4]);
  });
});

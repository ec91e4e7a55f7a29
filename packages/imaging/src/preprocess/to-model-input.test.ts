import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { needShared, readFixture } from '../test-support/shared-data.js';
import { decodeImage } from '../raster/decode-image.js';
import type { Raster } from '../raster/raster.js';
import { fitToSize, toModelInput } from './to-model-input.js';
import type { PreprocessingConfig } from './preprocessing-config.js';
import { matchChannels } from './match-channels.js';

const IN224: PreprocessingConfig = {
  inputSize: [224, 224], resize: 'shorter-side', resizeSize: 256, crop: 'center', scale: '0-1',
  mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: 'RGB', layout: 'NCHW',
};
const MNIST: PreprocessingConfig = {
  inputSize: [28, 28], channels: 1, resize: 'exact', crop: 'none', scale: '0-1',
  mean: [0.1307], std: [0.3081], channelOrder: 'RGB', layout: 'NCHW',
};

interface In224Case { photo: string; resized: [number, number]; crop_sha256: string; crop_mean: number[]; nchw_first: number[]; nchw_sum: number }

describe('imaging toModelInput', () => {
  const cases = readFixture<{ in224: In224Case[] }>('resize.json').in224;
  for (const c of cases) {
    it(`in224 of ${c.photo} matches Pillow + ToTensor + Normalize`, async function () {
      const photo = await decodeImage(readFileSync(needShared(this, `data/photos/${c.photo}`)));
      const crop = fitToSize(photo, IN224);
      expect([crop.width, crop.height, crop.channels]).to.deep.equal([224, 224, 3]);
      const input = toModelInput(photo, IN224);
      expect(input.dims).to.deep.equal([1, 3, 224, 224]);
      let sum = 0;
      for (const v of input.data) sum += v;
      // PNG and JPEG alike: the decode (fast-png; libjpeg-turbo, Pillow's own decoder) and the resize are
      // Pillow-exact, so the crop's bytes and the tensor are identical
      expect(createHash('sha256').update(crop.data).digest('hex')).to.equal(c.crop_sha256);
      expect(Array.from(input.data.subarray(0, 8))).to.deep.equal(c.nchw_first.map(Math.fround));
      expect(sum).to.be.closeTo(c.nchw_sum, 1e-3 * Math.max(1, Math.abs(c.nchw_sum)));
    });
  }

  it('MNIST config: 28x28 grey, (x/255 - 0.1307) / 0.3081, and colour → luma', () => {
    const digit: Raster<Uint8Array> = { width: 28, height: 28, channels: 1, data: Uint8Array.from({ length: 784 }, (_, i) => i % 256) };
    const { data, dims } = toModelInput([digit, digit], MNIST);
    expect(dims).to.deep.equal([2, 1, 28, 28]);
    expect(data[0]).to.equal(Math.fround(Math.fround(0 - Math.fround(0.1307)) / Math.fround(0.3081)));
    expect(data[784 + 255]).to.be.closeTo((1 - 0.1307) / 0.3081, 1e-6);
    const rgb: Raster<Uint8Array> = { width: 56, height: 56, channels: 3, data: new Uint8Array(56 * 56 * 3).fill(100) };
    const fromRgb = toModelInput(rgb, MNIST);
    expect(fromRgb.dims).to.deep.equal([1, 1, 28, 28]);
    expect(fromRgb.data[0]).to.be.closeTo((100 / 255 - 0.1307) / 0.3081, 1e-6);
  });

  it('replicates grey to 3 channels, drops alpha, reverses for BGR, maps N bands', () => {
    const grey: Raster<Uint8Array> = { width: 1, height: 1, channels: 1, data: Uint8Array.of(51) };
    expect(Array.from(matchChannels(grey, 3).data)).to.deep.equal([51, 51, 51]);
    expect(() => matchChannels(grey, 3, { grey: 'error' })).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'imaging/channels'));
    const rgba: Raster<Uint8Array> = { width: 1, height: 1, channels: 4, data: Uint8Array.of(10, 20, 30, 0) };
    const plain: PreprocessingConfig = { inputSize: [1, 1], resize: 'none', crop: 'none', scale: '0-255', mean: [0, 0, 0], std: [1, 1, 1], channelOrder: 'RGB', layout: 'NCHW' };
    expect(Array.from(toModelInput(rgba, plain).data)).to.deep.equal([10, 20, 30]);
    expect(Array.from(toModelInput(rgba, { ...plain, channelOrder: 'BGR', mean: [1, 2, 3] }).data)).to.deep.equal([29, 18, 7]);
    const gri: Raster<Float32Array> = { width: 1, height: 1, channels: 5, data: Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5) };
    const mapped = toModelInput(gri, { ...plain, scale: '0-1', bandMapping: [2, 1, 0] });
    expect(Array.from(mapped.data)).to.deep.equal([0.3, 0.2, 0.1].map(Math.fround));
    expect(() => toModelInput(gri, { ...plain, scale: '0-1' })).to.throw(/cannot map 5 bands/);
    // as many channels as the model: taken as they are (2 FITS bands are not grey + alpha; RGBA keeps A)
    const gr: Raster<Float32Array> = { width: 1, height: 1, channels: 2, data: Float32Array.of(0.25, 0.75) };
    expect(Array.from(matchChannels(gr, 2).data)).to.deep.equal([0.25, 0.75]);
    expect(Array.from(matchChannels({ width: 1, height: 1, channels: 2, data: Uint8Array.of(9, 255) }, 1).data), '8-bit grey + alpha for a 1-channel model').to.deep.equal([9]);
    expect(() => matchChannels(gr, 1), '2 float bands for a 1-channel model').to.throw(/cannot map 2 bands to the model's 1 channel \(/);
    expect(Array.from(matchChannels(rgba, 4).data)).to.deep.equal([10, 20, 30, 0]);
    // float planes are bands, never alpha: 2 or 4 FITS bands for a 3-channel model need a band order
    expect(() => matchChannels(gr, 3)).to.throw(/cannot map 2 bands to the model's 3 channels/).that.satisfies((e: unknown) => isKenobiError(e, 'imaging/channels') && /--band-order/.test((e as { hint?: string }).hint ?? ''));
    const griz: Raster<Float32Array> = { width: 1, height: 1, channels: 4, data: Float32Array.of(1, 2, 3, 4) };
    expect(() => matchChannels(griz, 3)).to.throw(/cannot map 4 bands/);
    const la: Raster<Uint16Array> = { width: 1, height: 1, channels: 2, data: Uint16Array.of(700, 65535) };
    expect(Array.from(matchChannels(la, 3).data), '16-bit grey + alpha: alpha dropped, grey replicated').to.deep.equal([700, 700, 700]);
  });

  it('8-bit RGB batches: each image lands in its own planes, RGB and BGR, as the per-image call gives', () => {
    const img = (seed: number): Raster<Uint8Array> => ({ width: 3, height: 2, channels: 3, data: Uint8Array.from({ length: 18 }, (_, i) => (seed * 37 + i * 11) % 256) });
    const cfg: PreprocessingConfig = { inputSize: [2, 3], resize: 'none', crop: 'none', scale: '0-1', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: 'RGB', layout: 'NCHW' };
    for (const order of ['RGB', 'BGR'] as const) {
      const c = { ...cfg, channelOrder: order };
      const batch = toModelInput([img(1), img(2)], c).data;
      expect(Array.from(batch)).to.deep.equal([...toModelInput(img(1), c).data, ...toModelInput(img(2), c).data]);
      const k = order === 'RGB' ? 0 : 2; // the model's channel 0 is the image's R (RGB) or B (BGR)
      expect(batch[18 + 1]).to.equal(Math.fround(Math.fround(Math.fround(img(2).data[3 + k]! / 255) - Math.fround(0.485)) / Math.fround(0.229)));
    }
  });

  it('pads or refuses by crop policy, and scales 16-bit and float inputs', () => {
    const small: Raster<Uint16Array> = { width: 2, height: 2, channels: 1, data: Uint16Array.of(65535, 0, 0, 65535) };
    const cfg: PreprocessingConfig = { inputSize: [4, 4], channels: 1, resize: 'none', crop: 'pad', scale: '0-1', mean: [0], std: [1], channelOrder: 'RGB', layout: 'NCHW' };
    const padded = toModelInput(small, cfg);
    expect(Array.from(padded.data.subarray(4, 8))).to.deep.equal([0, 1, 0, 0]);
    expect(() => toModelInput(small, { ...cfg, crop: 'center' })).to.throw(/smaller than/);
    expect(() => toModelInput(small, { ...cfg, crop: 'none' })).to.throw(/crop is 'none'/);
    const f: Raster<Float32Array> = { width: 4, height: 4, channels: 1, data: new Float32Array(16).fill(0.5) };
    expect(toModelInput(f, { ...cfg, scale: '0-255' }).data[0]).to.equal(127.5);
  });
});

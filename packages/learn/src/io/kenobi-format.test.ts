import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { dense } from '../layers/dense.js';
import { relu } from '../layers/relu.js';
import { sequential } from '../model/sequential.js';
import { loadModel, readKenobiHeader, saveModel } from './kenobi-format.js';

/** A valid head file with its header replaced by `edit(header)` (lengths and padding recomputed). */
function edited(edit: (h: Record<string, any>) => unknown, text?: string): Uint8Array {
  const bytes = saveModel(sequential([dense(3), relu(), dense(2)], { inputs: 4, seed: 1 }), { classes: ['a', 'b'] });
  const length = new DataView(bytes.buffer).getUint32(8, true);
  const blob = bytes.subarray(Math.ceil((12 + length) / 8) * 8);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length)));
  const json = new TextEncoder().encode(text ?? JSON.stringify(edit(header) ?? header));
  const start = Math.ceil((12 + json.length) / 8) * 8;
  const out = new Uint8Array(start + blob.length);
  out.set(bytes.subarray(0, 8));
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(blob, start);
  return out;
}

function expectBadFile(bytes: Uint8Array, mention: string): void {
  expect(() => loadModel(bytes, { source: 'head.kenobi' })).to.throw().that.satisfies((e: unknown) => {
    expect(isKenobiError(e, 'learn/bad-file'), String(e)).to.equal(true);
    expect((e as Error).message).to.contain('head.kenobi: ').and.contain(mention);
    return true;
  });
}

describe('.kenobi head files that are corrupt (regressions from the fuzzer)', () => {
  it('loads the untouched file', () => {
    expect(loadModel(edited(() => undefined)).model.outputs).to.equal(2);
  });

  it('refuses a layer without a config (was a TypeError in createLayer)', () => {
    expectBadFile(edited((h) => { delete h.layers[0].config; }), 'layer 0 should be');
  });

  it('refuses configs claiming more weights than the file holds before allocating them (inputs or units of 2^31 were a RangeError)', () => {
    expectBadFile(edited((h) => { h.inputs = 2 ** 31; }), 'the layers need');
    expectBadFile(edited((h) => { h.layers[2].config.units = 2 ** 40; }), 'the layers need');
    expectBadFile(edited((h) => { h.layers[0].config.units = 'many'; }), 'bad config');
  });

  it('refuses a header that is JSON but not an object (null was a TypeError)', () => {
    for (const text of ['null', '7', '"kenobi-head"', '[]', '{"format":"kenobi-head"}']) expectBadFile(edited(() => undefined, text), 'lacks format');
    expect(() => readKenobiHeader(edited(() => undefined, '{'), { source: 'h.kenobi' })).to.throw(/h\.kenobi: \.kenobi header is not valid JSON/);
  });

  it('refuses tensor offsets and lengths that are negative, fractional or past the end (were a RangeError or weights read from the wrong place)', () => {
    expectBadFile(edited((h) => { h.tensors[1].offset = -4; }), 'tensor 1 should be');
    expectBadFile(edited((h) => { h.tensors[1].offset = 2.5; }), 'tensor 1 should be');
    expectBadFile(edited((h) => { h.tensors[0].offset = 1e6; }), 'runs past the end');
    expectBadFile(edited((h) => { h.tensors[0].shape = [4, 4]; }), 'length 12');
  });

  it('refuses a wrong dtype, seed or metadata', () => {
    expectBadFile(edited((h) => { h.dtype = 'float16'; }), 'dtype');
    expectBadFile(edited((h) => { h.seed = 'x'; }), 'seed');
    expectBadFile(edited((h) => { h.metadata = 'x'; }), 'metadata');
  });
});

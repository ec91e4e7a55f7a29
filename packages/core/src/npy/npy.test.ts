import { expect } from 'chai';
import { isKenobiError, type KenobiError } from '../kenobi-error.js';
import { npyBytes } from '../fuzz/npy-fuzz-case.js';
import { parseNpyHeader, readNpy, writeNpy } from './npy.js';

// A float32 (2, 3) array exactly as numpy 1.24 writes it: np.save(f, np.arange(6, dtype='<f4').reshape(2, 3)).
function numpyBytes(): Uint8Array {
  const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  const padded = header + ' '.repeat(128 - 10 - header.length - 1) + '\n';
  const out = new Uint8Array(10 + padded.length + 24);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, padded.length, true);
  for (let i = 0; i < padded.length; i += 1) out[10 + i] = padded.charCodeAt(i);
  new Float32Array(out.buffer, 10 + padded.length, 6).set([0, 1, 2, 3, 4, 5]);
  return out;
}

describe('npy', () => {
  it('reads what numpy writes', () => {
    const a = readNpy(numpyBytes());
    expect(a.dtype).to.equal('float32');
    expect(a.shape).to.deep.equal([2, 3]);
    expect(Array.from(a.data as Float32Array)).to.deep.equal([0, 1, 2, 3, 4, 5]);
  });

  it('writes the same bytes numpy writes', () => {
    expect(Buffer.from(writeNpy(Float32Array.of(0, 1, 2, 3, 4, 5), [2, 3])).equals(Buffer.from(numpyBytes()))).to.equal(true);
  });

  it('round-trips every dtype, 1-D and scalar shapes', () => {
    const arrays = [Int16Array.of(-2, 7), Uint16Array.of(65535, 0), Int32Array.of(-5), BigInt64Array.of(-1n, 2n ** 40n), Float64Array.of(Math.PI, NaN), Uint8Array.of(3), Int8Array.of(-3)];
    for (const a of arrays) {
      const back = readNpy(writeNpy(a, [a.length]));
      expect(Array.from(back.data as ArrayLike<unknown>)).to.deep.equal(Array.from(a as ArrayLike<unknown>));
      expect(back.shape).to.deep.equal([a.length]);
    }
    expect(readNpy(writeNpy(Float32Array.of(2.5), [])).shape).to.deep.equal([]);
  });

  it('swaps big-endian data', () => {
    const b = numpyBytes();
    const text = new TextDecoder().decode(b.subarray(10, 20));
    expect(text.startsWith("{'descr'")).to.equal(true);
    const big = b.slice();
    big[21] = '>'.charCodeAt(0); // "{'descr': '<f4'" -> '>f4'
    const body = big.subarray(128);
    for (let i = 0; i < body.length; i += 4) body.subarray(i, i + 4).reverse();
    expect(Array.from(readNpy(big).data as Float32Array)).to.deep.equal([0, 1, 2, 3, 4, 5]);
    // the swap works on a copy: reading a Node Buffer (whose own slice is a view) leaves its bytes as they were
    const asBuffer = Buffer.from(big);
    readNpy(asBuffer);
    expect(asBuffer.equals(Buffer.from(big))).to.equal(true);
  });

  it('copy: false views the caller\'s bytes when aligned and native, and copies otherwise', () => {
    const bytes = numpyBytes();
    const view = readNpy(bytes, { copy: false }).data as Float32Array;
    expect(Array.from(view)).to.deep.equal([0, 1, 2, 3, 4, 5]);
    expect(view.buffer).to.equal(bytes.buffer);
    view[0] = 9;
    expect(new Float32Array(bytes.buffer, 128, 1)[0]).to.equal(9);
    const copied = readNpy(bytes).data as Float32Array;
    expect(copied.buffer).to.not.equal(bytes.buffer);
    // misaligned for float32 (the file starts one byte into its buffer): a copy, with the same values
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const fromShifted = readNpy(shifted.subarray(1), { copy: false }).data as Float32Array;
    expect(fromShifted.buffer).to.not.equal(shifted.buffer);
    expect(Array.from(fromShifted)).to.deep.equal([9, 1, 2, 3, 4, 5]);
  });

  it('rejects what is not npy', () => {
    expect(() => readNpy(new Uint8Array(20))).to.throw(/npy/);
    expect(() => writeNpy(new Float32Array(5), [2, 3])).to.throw(/holds 6/);
  });
});

describe('npy on corrupt headers (regressions from the fuzzer)', () => {
  const file = (dict: string, data: Uint8Array = new Uint8Array(0), major = 1): Uint8Array => npyBytes(dict, data, major);
  const d = (shape: string, descr = '<f4'): string => `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const code = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      expect(isKenobiError(e), String(e)).to.equal(true);
      return (e as KenobiError).code;
    }
    return expect.fail('expected a typed error');
  };

  it('refuses a version 2 file cut inside its preamble (was a RangeError from DataView)', () => {
    const v2 = file(d('(2,)'), new Uint8Array(8), 2);
    expect(code(() => readNpy(v2.subarray(0, 11)))).to.equal('core/npy-invalid');
    expect(code(() => readNpy(Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 7, 0, 0, 0, 0, 0)))).to.equal('core/npy-invalid');
  });

  it('refuses shapes that are not tuples of non-negative integers (were read as NaN or negative dims with no data)', () => {
    for (const shape of ['(NaN,)', '(-1,)', '(2.5, 3)', '(1e3,)', "('a',)", '(,)', '(0x10,)']) {
      expect(code(() => readNpy(file(d(shape), new Uint8Array(64)))), shape).to.equal('core/npy-invalid');
    }
  });

  it("reads Python 2's long dims ('3L'), which used to give shape [NaN, NaN] and no data", () => {
    const a = readNpy(file(d('(2L, 1L)'), new Uint8Array(Float32Array.of(1.5, -2).buffer)));
    expect(a.shape).to.deep.equal([2, 1]);
    expect(Array.from(a.data as Float32Array)).to.deep.equal([1.5, -2]);
  });

  it('refuses a header length off by one (was read with every value shifted by a byte)', () => {
    const good = file(d('(2,)'), new Uint8Array(Float32Array.of(1, 2).buffer));
    for (const delta of [-1, 1]) {
      const bad = Uint8Array.from(good);
      new DataView(bad.buffer).setUint16(8, new DataView(good.buffer).getUint16(8, true) + delta, true);
      expect(code(() => readNpy(bad)), `delta ${delta}`).to.equal('core/npy-invalid');
    }
  });

  it('refuses a key given twice (numpy keeps the last, this reader took the first)', () => {
    expect(code(() => readNpy(file(`{'shape': (1,), ${d('(2,)').slice(1)}`, new Uint8Array(8))))).to.equal('core/npy-invalid');
  });

  it('names the source in every error, and checks the claimed size before reading the data', () => {
    expect(() => readNpy(file(d('(4294967296, 4294967296)'), new Uint8Array(8)), { source: 'feats/part-00003.npy' }))
      .to.throw(/feats\/part-00003\.npy: \.npy data of shape \[4294967296, 4294967296\] need/);
    expect(() => readNpy(file(d('(2,)', '<U10'), new Uint8Array(8)), { source: 'x.npy' })).to.throw(/^x\.npy: npy dtype '<U10'/);
    expect(parseNpyHeader(file(d('(3, 4)')), 10_000)).to.include({ dtype: 'float32', count: 12, dataBytes: 48, fortranOrder: false });
  });
});

import { expect } from 'chai';
import { readNpy, writeNpy } from './npy.js';

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
  });

  it('rejects what is not npy', () => {
    expect(() => readNpy(new Uint8Array(20))).to.throw(/npy/);
    expect(() => writeNpy(new Float32Array(5), [2, 3])).to.throw(/holds 6/);
  });
});

import { expect } from 'chai';
import { float32View } from './float32-view.js';

describe('ndarray/float32-view: a strided view as C-order float32 values', () => {
  it('reads a transposed view in C order, converts other element types, and shares a contiguous float32 view\'s memory', () => {
    expect(float32View({ data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [3, 2], stride: [1, 3] })).to.deep.equal({ data: Float32Array.of(1, 4, 2, 5, 3, 6), dims: [3, 2] });
    expect(float32View({ data: Uint8Array.of(7, 8, 9), shape: [3] })).to.deep.equal({ data: Float32Array.of(7, 8, 9), dims: [3] });
    const data = Float32Array.of(1, 2, 3, 4);
    const same = float32View({ data, shape: [2, 2] }, [2, 2]);
    expect(typeof same === 'object' && same.data.buffer === data.buffer).to.equal(true);
  });

  it('says why instead of reading: not a view, or dims that differ from its shape', () => {
    expect(float32View([1, 2, 3])).to.match(/not a strided view/);
    expect(float32View({ data: Float32Array.of(1, 2), shape: [2] }, [1, 2])).to.equal("dims [1, 2] differ from the view's shape [2]");
  });
});

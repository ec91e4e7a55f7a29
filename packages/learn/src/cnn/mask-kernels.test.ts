import { SeededRandom } from '@kenobi/core';
import { expect } from 'chai';
import { assembleWat } from '../../../../test/support/assemble-wat.js';
import { fillDropoutMask } from './dropout-masks.js';
import { maskKernels } from './mask-kernels.js';

describe('cnn/mask-kernels: the dropout-mask loop in WebAssembly (bit-identical to the JavaScript loop)', () => {
  after(() => maskKernels.use(true));

  it('is available in Node and its bytes are kernels/mask-kernels.wat assembled', async () => {
    expect(maskKernels.use(true)).to.equal(true);
    expect(Buffer.from(maskKernels.bytes()).equals(Buffer.from(await assembleWat(new URL('../../kernels/mask-kernels.wat', import.meta.url))))).to.equal(true);
  });

  // odd lengths, one that ends inside a chunk's last pair, lengths that straddle chunks (32,768 values each)
  for (const rate of [0.5, 0.25, 0.1, 0]) {
    it(`rate ${rate}: the same masks, bit for bit, with the kernel and with the JavaScript loop`, () => {
      for (const [k, n] of [1, 2, 7, 32_767, 32_768, 32_769, 3 * 32_768 + 5, 200_001].entries()) {
        const [js, wasm] = [false, true].map((on) => {
          maskKernels.use(on);
          const m = new Float32Array(n + 2).fill(-1);
          fillDropoutMask(m.subarray(1, n + 1), rate, new SeededRandom(100 + k));
          return m;
        });
        expect(Buffer.from(wasm!.buffer).equals(Buffer.from(js!.buffer)), `${n} values`).to.equal(true);
        expect([js![0], js![n + 1]], 'nothing written outside the view').to.deep.equal([-1, -1]);
        const kept = js!.subarray(1, n + 1).filter((v) => v !== 0).length;
        if (n > 10_000) expect(kept / n).to.be.closeTo(1 - rate, 0.01);
        if (rate === 0) expect(kept).to.equal(n);
      }
    });
  }
});

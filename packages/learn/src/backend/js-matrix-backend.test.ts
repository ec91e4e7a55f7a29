import { SeededRandom } from '@kenobi/core';
import { expect } from 'chai';
import { jsMatrixBackend } from './js-matrix-backend.js';

function naive(transA: boolean, transB: boolean, m: number, n: number, k: number, a: ArrayLike<number>, b: ArrayLike<number>, alpha: number, beta: number, c0: ArrayLike<number>): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += (transA ? a[p * m + i]! : a[i * k + p]!) * (transB ? b[j * k + p]! : b[p * n + j]!);
    c[i * n + j] = alpha * s + beta * c0[i * n + j]!;
  }
  return c;
}

describe('learn: jsMatrixBackend.gemm', () => {
  const rng = new SeededRandom(1);
  for (const [m, n, k] of [[1, 1, 1], [7, 5, 3], [9, 300, 270], [33, 129, 513]] as const) {
    for (const transA of [false, true]) for (const transB of [false, true]) {
      it(`${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} ${m}×${n}×${k} equals the naive product (float64, alpha/beta)`, () => {
        const a = Float64Array.from({ length: m * k }, () => rng.normal());
        const b = Float64Array.from({ length: k * n }, () => rng.normal());
        const c0 = Float64Array.from({ length: m * n }, () => rng.normal());
        const c = Float64Array.from(c0);
        jsMatrixBackend.gemm({ transA, transB, m, n, k, a, b, c, alpha: 0.5, beta: 2 });
        const ref = naive(transA, transB, m, n, k, a, b, 0.5, 2, c0);
        for (let i = 0; i < ref.length; i++) expect(c[i]).to.be.closeTo(ref[i]!, 1e-10 * Math.max(1, Math.abs(ref[i]!)));
      });
    }
  }
});

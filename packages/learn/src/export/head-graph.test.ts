import { expect } from 'chai';
import { encodeModel } from '@kenobi/onnx';
import { createSession, type Device } from '@kenobi/runtime';
import { mlpHead } from '../heads/mlp-head.js';
import { dropout } from '../layers/dropout.js';
import { sequential } from '../model/sequential.js';
import { dropoutMoments } from '../test-support/dropout-moments.js';
import { randomImages, tinyBackbone } from '../test-support/tiny-backbone.js';
import { exportModel } from './export-model.js';

// NOTE: rate 0.3, not 0.5: with keep = rate a swapped keep/rate would pass every check below.
const RATE = 0.3, KEEP = 1 - RATE;
const N = 64;
const feeds = { input: { data: randomImages(N, 21), dims: [N, 3, 16, 16] } };

/** `runs` runs of one session of the exported model; the callback sees each run's outputs. */
async function runMany(model: Parameters<typeof encodeModel>[0], device: Device, runs: number, each: (out: Record<string, Float32Array>) => void): Promise<void> {
  const s = await createSession(encodeModel(model), { device });
  try {
    for (let i = 0; i < runs; i++) {
      const out = await s.run(feeds);
      each(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array])));
    }
  } finally {
    await s.dispose();
  }
}

describe('exported MC-dropout (RandomUniformLike mask) run by ORT, numerically', () => {
  const backbone = tinyBackbone({ seed: 3 });

  for (const device of ['cpu', 'wasm'] as const) {
    it(`keeps each feature with probability 1 − rate (within 5 binomial σ) and scales kept ones by exactly float32(1/keep) on ${device}`, async function () {
      this.timeout(120_000);
      // a head that is only the dropout: `prediction` is the backbone's `features` times the scaled mask
      const head = sequential([dropout(RATE)], { inputs: 8, seed: 0 });
      const merged = exportModel({ backbone, tensor: 'auto', head, task: 'regression', mcDropout: true });
      const scale = Math.fround(1 / KEEP);
      let draws = 0, kept = 0, wrong = 0;
      await runMany(merged, device, 300, ({ features, prediction }) => {
        for (let i = 0; i < features!.length; i++) {
          if (features![i] === 0) continue; // NOTE: a zero feature cannot show whether it was kept
          draws++;
          if (prediction![i] === 0) continue;
          kept++;
          if (prediction![i] !== Math.fround(features![i]! * scale)) wrong++;
        }
      });
      expect(draws, 'non-zero features seen').to.be.greaterThan(100_000); // σ ≈ 0.0014 or less
      expect(Math.abs(kept / draws - KEEP), `keep rate ${kept / draws} of ${draws}`).to.be.at.most(5 * Math.sqrt((KEEP * RATE) / draws));
      expect(wrong, 'kept values not equal to float32(feature · float32(1/keep))').to.equal(0);
    });

    it(`the mean of 2,000 runs equals the deterministic export within 6σ/√S, and the spread is the predicted σ, on ${device}`, async function () {
      this.timeout(120_000);
      // NOTE: the regression output of dense → relu → dropout → dense is linear in the mask: its mean is the
      // deterministic output and σ is exact (test-support/dropout-moments.ts); the tolerances are those of
      // mc-dropout.test.ts (CLT: 6σ/√S for the mean; 6·√(1/(2S)) on std/σ − 1), plus 1e-5 for float32.
      const head = mlpHead({ inputs: 8, hidden: 16, dropout: RATE, outputs: 1, seed: 7 });
      const S = 2000;
      const sum = new Float64Array(N), sumSq = new Float64Array(N);
      let features: Float32Array | undefined;
      await runMany(exportModel({ backbone, tensor: 'auto', head, task: 'regression', mcDropout: true }), device, S, (out) => {
        features ??= out.features!;
        for (let r = 0; r < N; r++) {
          sum[r] += out.prediction![r]!;
          sumSq[r] += out.prediction![r]! ** 2;
        }
      });
      let deterministic: Float32Array | undefined;
      await runMany(exportModel({ backbone, tensor: 'auto', head, task: 'regression' }), device, 1, (out) => (deterministic = out.prediction!));
      const exact = dropoutMoments(head, features!, N);
      let spread = 0;
      for (let r = 0; r < N; r++) {
        const mean = sum[r]! / S, std = Math.sqrt(Math.max(0, sumSq[r]! / S - mean * mean)), sigma = exact.sd[r]!;
        spread = Math.max(spread, sigma);
        expect(exact.mean[r], `row ${r}: the TS head's expectation = the deterministic export`).to.be.closeTo(deterministic![r]!, 1e-4);
        expect(Math.abs(mean - deterministic![r]!), `row ${r}: mean − deterministic (σ ${sigma})`).to.be.at.most((6 * sigma) / Math.sqrt(S) + 1e-5);
        if (sigma > 1e-3) expect(Math.abs(std / sigma - 1), `row ${r}: std / σ − 1`).to.be.at.most(6 * Math.sqrt(1 / (2 * S)));
      }
      expect(spread, 'some row is random at all').to.be.greaterThan(0.01);
    });
  }
});

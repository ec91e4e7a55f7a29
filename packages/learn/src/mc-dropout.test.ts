import { SeededRandom } from '@kenobi/core';
import { expect } from 'chai';
import { matrix } from './backend/matrix.js';
import { mlpHead } from './heads/mlp-head.js';
import { dropout } from './layers/dropout.js';
import { mcDropout } from './mc-dropout.js';
import { sequential } from './model/sequential.js';
import { dropoutMoments } from './test-support/dropout-moments.js';

// NOTE: rate 0.3, not 0.5: with keep = rate a swapped keep/rate would pass every check below.
const RATE = 0.3, KEEP = 1 - RATE;

/** Rows × cols of values in [1, 2): none is 0, so a kept value is never mistaken for a dropped one. */
function nonZero(rows: number, cols: number, seed: number): ReturnType<typeof matrix> {
  const rng = new SeededRandom(seed);
  return matrix(rows, cols, Array.from({ length: rows * cols }, () => 1 + rng.uniform()), 'float64');
}

describe('learn: MC-dropout masks, numerically (TypeScript path)', () => {
  it('keeps each value with probability 1 − rate (within 5 binomial σ) and scales kept values by exactly 1/keep', () => {
    const x = nonZero(40, 50, 1);
    const model = sequential([dropout(RATE)], { inputs: 50, seed: 0, dtype: 'float64' });
    const rng = new SeededRandom(2);
    const passes = 100, draws = passes * x.data.length; // 200,000 draws: σ = √(keep·rate/draws) ≈ 0.0010
    let kept = 0, wrong = 0;
    for (let p = 0; p < passes; p++) {
      // the context mcDropout uses: dropout on, batch norm in inference mode
      const y = model.predict(x, { context: { training: false, dropout: true, rng } });
      for (let i = 0; i < y.data.length; i++) {
        if (y.data[i] === 0) continue;
        kept++;
        if (y.data[i] !== x.data[i]! * (1 / KEEP)) wrong++;
      }
    }
    const sigma = Math.sqrt((KEEP * RATE) / draws);
    expect(Math.abs(kept / draws - KEEP), `keep rate ${kept / draws}`).to.be.at.most(5 * sigma);
    expect(wrong, 'kept values not equal to x · (1/keep)').to.equal(0);
  });

  it('mcDropout: the per-value keep rate and the 1/keep scale come back out of its mean and std', () => {
    // NOTE: each output is 0 or c = x/keep, so mean = c·k/S and mean² + std² = c²·k/S (k kept of S): their
    // ratio is c exactly and mean·keep/x is the keep rate of that value.
    const x = nonZero(20, 100, 3);
    const model = sequential([dropout(RATE)], { inputs: 100, seed: 0, dtype: 'float64' });
    const samples = 400, draws = samples * x.data.length; // 800,000 draws: σ ≈ 0.00051
    const { mean, std } = mcDropout(model, x, { samples, seed: 4, output: 'outputs' });
    let keptRate = 0, worstScale = 0;
    for (let i = 0; i < x.data.length; i++) {
      const m = mean.data[i]!, s = std.data[i]!, c = x.data[i]! / KEEP;
      keptRate += (m * KEEP) / x.data[i]! / x.data.length;
      worstScale = Math.max(worstScale, Math.abs((m * m + s * s) / m / c - 1));
    }
    expect(Math.abs(keptRate - KEEP), `keep rate ${keptRate}`).to.be.at.most(5 * Math.sqrt((KEEP * RATE) / draws));
    expect(worstScale, 'relative error of the kept value against x/keep').to.be.at.most(1e-9);
  });

  it('the mean over 4,000 passes equals the deterministic output within 6σ/√S, and the spread is the predicted σ', () => {
    // NOTE: a head dense → relu → dropout → dense is linear in the mask, so E[MC output] is the deterministic
    // output and σ² = (1 − keep)/keep · Σ_j (h_j W_j)² exactly (test-support/dropout-moments.ts). By the CLT
    // the mean of S passes is within 6σ/√S of it (false alarm ≈ 2e-9 a row). The sample std s of S passes:
    // the output is a weighted sum of Bernoulli(keep) variables, whose kurtosis lies in [1.76, 3], so
    // sd(s)/σ ≤ √(1/(2S)); the bound is 6 of those.
    const head = mlpHead({ inputs: 6, hidden: 16, dropout: RATE, seed: 1, dtype: 'float64' });
    const rng = new SeededRandom(5);
    const rows = 50, x = matrix(rows, 6, Array.from({ length: rows * 6 }, () => rng.normal()), 'float64');
    const S = 4000;
    const { mean, std } = mcDropout(head, x, { samples: S, seed: 6, output: 'outputs' });
    const deterministic = head.predict(x).data;
    const exact = dropoutMoments(head, x.data, rows);
    let spread = 0;
    for (let r = 0; r < rows; r++) {
      expect(exact.mean[r], 'dropoutMoments agrees with predict').to.be.closeTo(deterministic[r]!, 1e-12);
      const sigma = exact.sd[r]!;
      spread = Math.max(spread, sigma);
      expect(Math.abs(mean.data[r]! - deterministic[r]!), `row ${r}: mean − deterministic (σ ${sigma})`).to.be.at.most((6 * sigma) / Math.sqrt(S) + 1e-12);
      if (sigma === 0) expect(std.data[r], `row ${r}`).to.equal(0);
      else expect(Math.abs(std.data[r]! / sigma - 1), `row ${r}: std / σ − 1`).to.be.at.most(6 * Math.sqrt(1 / (2 * S)));
    }
    expect(spread, 'some row is random at all').to.be.greaterThan(0.05);
  });
});

import { SeededRandom } from '@kenobi/core';
import { expect } from 'chai';
import { runSoak, type SoakSummary } from '../../../runtime/src/test-support/handle-soak.js';
import { canSampleResources, sampleResources } from '../../../runtime/src/test-support/process-resources.js';
import { needCapability } from '../../../../test/support/shared.js';
import { matrix } from '../backend/matrix.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { relu } from '../layers/relu.js';
import { binaryCrossEntropy } from '../losses/binary-cross-entropy.js';
import { sequential } from '../model/sequential.js';
import { adam } from '../optim/adam.js';
import { fit } from '../train/fit.js';
import { ortEngine } from './ort-engine.js';

/**
 * The CI cut of the training loops of `scripts/soak/sessions.ts` (1,000 batches; numbers in
 * docs/reliability.md): 150 measured steps after 100 of warm-up, the RSS bound scaled by 150/1,000
 * (20 MiB → 3 MiB); descriptors, threads and Node's active resources never above the reading at the end of
 * warm-up two readings in a row (`rise`, runtime's test-support/handle-soak.ts). An engine kept undisposed
 * holds ~0.5 MiB and, with ORT's default threads on a multi-core machine, two threads.
 */
const WARMUP = 100, MEASURED = 150;
const RSS_BOUND_MIB = (20 * MEASURED) / 1000;

const rng = new SeededRandom(1);
const xs = Float32Array.from({ length: 64 * 6 }, () => rng.normal());
const x = matrix(64, 6, xs);
const y = Int32Array.from({ length: 64 }, (_, r) => (xs[r * 6]! + 0.5 * xs[r * 6 + 1]! > 0 ? 1 : 0));
const mlp = (seed: number): ReturnType<typeof sequential> => sequential([dense(16), relu(), dropout(0.2), dense(1)], { inputs: 6, seed });

/** The fewest descriptors and threads over three readings 100 ms apart (a thread of something else that lives for a moment aside). */
async function quietCounts(): Promise<{ fds: number; threads: number }> {
  const r = [];
  for (let i = 0; i < 3; i++) {
    if (i > 0) await new Promise((done) => setTimeout(done, 100));
    r.push(await sampleResources());
  }
  return { fds: Math.min(...r.map((s) => s.fds)), threads: Math.min(...r.map((s) => s.threads)) };
}

function expectFlat(s: SoakSummary): void {
  const detail = JSON.stringify({ growth: s.rssGrowthMiB, slope: s.slopePer1000, spread: s.spread, rise: s.rise });
  expect(s.rise, detail).to.deep.equal({ fds: 0, threads: 0, active: 0 });
  expect(s.rssGrowthMiB, detail).to.be.lessThan(RSS_BOUND_MIB);
  expect((s.slopePer1000.rssMiB * MEASURED) / 1000, detail).to.be.lessThan(RSS_BOUND_MIB);
}

describe('learn: ortEngine soak (memory and native handles do not grow)', function () {
  this.timeout(120_000); // hang guard; each test takes a few seconds

  before(async function () {
    needCapability(this, canSampleResources(), 'the soak counts /proc/self/fd and /proc/self/task (Linux only)');
    // NOTE: the first ORT session of a process starts what stays (ORT's telemetry); start it before any reading.
    const engine = ortEngine();
    await fit(mlp(0), x, y, { loss: binaryCrossEntropy(), optimizer: adam(), epochs: 1, batchSize: 64, engine });
    engine.dispose();
  });

  it(`one engine, ${MEASURED} training steps after ${WARMUP} of warm-up: no growth; dispose() gives back what its sessions held`, async () => {
    const model = mlp(1), optimizer = adam({ lr: 0.01 }), engine = ortEngine();
    const before = await quietCounts();
    const s = await runSoak(async (i) => {
      await fit(model, x, y, { loss: binaryCrossEntropy(), optimizer, epochs: 1, batchSize: 64, seed: i, engine });
    }, { batches: WARMUP + MEASURED, warmup: WARMUP });
    expectFlat(s);
    engine.dispose();
    const after = await quietCounts();
    expect(after.fds, 'fds after dispose vs before the engine').to.be.at.most(before.fds);
    expect(after.threads, 'threads after dispose vs before the engine').to.be.at.most(before.threads);
  });

  it(`${MEASURED} engines made, trained a step, used to predict and disposed, after ${WARMUP} of warm-up: no growth`, async () => {
    const s = await runSoak(async (i) => {
      const model = mlp(i), engine = ortEngine();
      try {
        await fit(model, x, y, { loss: binaryCrossEntropy(), optimizer: adam({ lr: 0.01 }), epochs: 1, batchSize: 64, seed: i, engine });
        expect((await engine.predict(model, x)).rows).to.equal(64);
      } finally {
        engine.dispose();
      }
    }, { batches: WARMUP + MEASURED, warmup: WARMUP });
    expectFlat(s);
  });
});

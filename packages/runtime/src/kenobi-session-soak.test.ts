import { expect } from 'chai';
import { describeBackends } from './test-support/describe-backends.js';
import { runSoak } from './test-support/handle-soak.js';
import { canSampleResources } from './test-support/process-resources.js';
import { needCapability } from './test-support/shared-files.js';
import { convReluModel, testInput } from './test-support/tiny-models.js';

/**
 * The CI cut of `scripts/soak/sessions.ts` (1,000 batches; numbers in docs/reliability.md): 150 measured
 * cycles after the script's 100 of warm-up (ORT-web's WebAssembly memory grows for ~50 cycles, then stays),
 * the RSS bound scaled by 150/1,000 (20 MiB → 3 MiB); descriptors, threads and Node's active resources never
 * above the reading at the end of warm-up two readings in a row (`rise`, test-support/handle-soak.ts: a
 * thread of something else that lives for one reading is not a leak). One session kept undisposed holds
 * ~0.28 MiB of RSS and, with ORT's default thread count on a multi-core machine, a thread: 150 break both.
 */
const WARMUP = 100, MEASURED = 150;
const RSS_BOUND_MIB = (20 * MEASURED) / 1000;

describeBackends('KenobiSession soak: create/run/dispose leaves memory and native handles flat', (backend) => {
  const model = convReluModel({ inChannels: 3, outChannels: 8, size: 16 });
  const x = { data: testInput(4 * 3 * 16 * 16), dims: [4, 3, 16, 16] };

  it(`${MEASURED} cycles after ${WARMUP} of warm-up: RSS growth and slope × ${MEASURED} < ${RSS_BOUND_MIB} MiB; fds, threads, active resources never rise`, async function () {
    needCapability(this, canSampleResources(), 'the soak counts /proc/self/fd and /proc/self/task (Linux only)');
    this.timeout(120_000); // hang guard; about 2 s on cpu, 3 s on wasm
    const s = await runSoak(async () => {
      const session = await backend.open(model);
      expect((await session.run({ x })).y!.dims).to.deep.equal([4, 8, 16, 16]);
      await session.dispose();
    }, { batches: WARMUP + MEASURED, warmup: WARMUP, every: 10 });
    const detail = JSON.stringify({ growth: s.rssGrowthMiB, slope: s.slopePer1000, spread: s.spread, rise: s.rise });
    expect(s.rise, detail).to.deep.equal({ fds: 0, threads: 0, active: 0 });
    expect(s.rssGrowthMiB, detail).to.be.lessThan(RSS_BOUND_MIB);
    expect((s.slopePer1000.rssMiB * MEASURED) / 1000, detail).to.be.lessThan(RSS_BOUND_MIB);
  });
}, ['cpu', 'wasm']);

import { expect } from 'chai';
import { createSession, RuntimeError } from './index.js';
import { describeBackends } from './test-support/describe-backends.js';
import { convReluModel, testInput } from './test-support/tiny-models.js';

describeBackends('KenobiSession lifecycle', (backend) => {
  const model = convReluModel({ inChannels: 2, outChannels: 2, size: 4 });
  const x = { data: testInput(32), dims: [1, 2, 4, 4] };

  it('dispose() is idempotent and a disposed session refuses to run', async () => {
    const s = await backend.open(model);
    expect((await s.run({ x })).y!.dims).to.deep.equal([1, 2, 4, 4]);
    await s.dispose();
    await s.dispose();
    expect(s.disposed).to.equal(true);
    const e = await s.run({ x }).catch((err: unknown) => err);
    expect(e).to.be.instanceOf(RuntimeError).and.have.property('code', 'runtime/disposed');
  });

  it('await using disposes at the end of the block', async () => {
    let held: { disposed: boolean } | undefined;
    {
      await using s = await backend.open(model);
      held = s;
      expect(s.disposed).to.equal(false);
    }
    expect(held.disposed).to.equal(true);
  });

  // NOTE: leaks are measured (RSS, descriptors, threads) in kenobi-session-soak.test.ts; this checks results.
  it('gives the same output in each of 20 create/run/dispose cycles, then a plain createSession still works', async () => {
    const s0 = await backend.open(model);
    const first = (await s0.run({ x })).y!.data as Float32Array;
    await s0.dispose();
    for (let i = 0; i < 20; i++) {
      const s = await backend.open(model);
      expect(Array.from((await s.run({ x })).y!.data as Float32Array), `cycle ${i}`).to.deep.equal(Array.from(first));
      await s.dispose();
      expect(s.disposed).to.equal(true);
    }
    const s = await createSession(model, { device: backend.device });
    expect(s.provider).to.equal(backend.device);
    await s.dispose();
  });
});

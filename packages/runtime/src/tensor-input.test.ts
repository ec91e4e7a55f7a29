/**
 * Strided views as model input: a transposed, reversed or offset scijs array fed to `run` and `runBatched`
 * gives exactly the outputs of the contiguous array it shows, and outputs come back as scijs arrays through
 * `asNdarray` (Node entry), round-tripping with ndarray-ops.
 */
import { expect } from 'chai';
import { ndarray, ops } from '../../core/src/test-support/scijs.js';
import { arrayTensor, asNdarray, createSession, floatBatch, fromNdarray, runBatched, type KenobiSession } from './index.js';
import { convReluModel, testInput } from './test-support/tiny-models.js';

const C = 4, H = 6, W = 6, N = 5, PER = C * H * W;

/** NCHW values `x` stored as NHWC (what image decoders give), so that a transpose shows them as NCHW again. */
function toNhwc(x: Float32Array, n: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let b = 0; b < n; b += 1) for (let c = 0; c < C; c += 1) for (let y = 0; y < H; y += 1) for (let z = 0; z < W; z += 1) {
    out[((b * H + y) * W + z) * C + c] = x[((b * C + c) * H + y) * W + z]!;
  }
  return out;
}

describe('strided views as session input, ndarray out (@kenobi/runtime, Node)', function () {
  this.timeout(60_000);
  let s: KenobiSession;
  before(async () => {
    s = await createSession(convReluModel({ inChannels: C, outChannels: 3, size: H, batch: 'N' }), { device: 'cpu' });
  });
  after(async () => {
    await s?.dispose();
  });

  it('run: an NHWC array transposed to NCHW gives the outputs of the contiguous NCHW array, bit for bit', async () => {
    const x = testInput(2 * PER, 0.3);
    const view = ndarray(toNhwc(x, 2), [2, H, W, C]).transpose(0, 3, 1, 2);
    expect(view.shape).to.deep.equal([2, C, H, W]);
    const a = await s.run({ x: { data: x, dims: [2, C, H, W] } });
    const b = await s.run({ x: view });
    expect(b.y!.dims).to.deep.equal(a.y!.dims);
    expect(Array.from(b.y!.data as Float32Array)).to.deep.equal(Array.from(a.y!.data as Float32Array));
  });

  it('runBatched: a reversed, offset view (dims from its shape) equals runBatched on the reversed copy', async () => {
    const x = testInput((N + 1) * PER, 1.7);
    // samples 1..N in reverse order: a negative batch stride and a non-zero offset, no copy
    const view = ndarray(x, [N + 1, C, H, W]).lo(1).step(-1);
    const copy = new Float32Array(N * PER);
    for (let k = 0; k < N; k += 1) copy.set(x.subarray((N - k) * PER, (N - k + 1) * PER), k * PER);
    const a = await runBatched(s, copy, [N, C, H, W], { batchSize: 2 });
    const b = await runBatched(s, view, undefined, { batchSize: 2 });
    expect(b.runs).to.equal(3);
    expect(b.outputs.y!.dims).to.deep.equal([N, 3, H, W]);
    expect(Array.from(b.outputs.y!.data as Float32Array)).to.deep.equal(Array.from(a.outputs.y!.data as Float32Array));
  });

  it('outputs as ndarray: asNdarray is a view of the output, ndarray-ops sums and fromNdarray round-trip it', async () => {
    const x = testInput(2 * PER, 2.1);
    const out = (await s.run({ x: { data: x, dims: [2, C, H, W] } })).y!;
    const nd = asNdarray(out);
    expect(nd.shape).to.deep.equal([2, 3, H, W]);
    expect(nd.data).to.equal(out.data);
    const byHand = Array.from(out.data as Float32Array).reduce((acc, v) => acc + v, 0);
    expect(ops.sum(nd)).to.be.closeTo(byHand, 1e-3);
    // sample 1, channel 2 through pick() equals the slice of the flat output
    const plane = Array.from((out.data as Float32Array).subarray((1 * 3 + 2) * H * W, (1 * 3 + 3) * H * W));
    expect(Array.from(fromNdarray(nd.pick(1, 2)).data as Float32Array)).to.deep.equal(plane);
    // back into the session: the round trip of an input through ndarray gives the same output
    const again = await s.run({ x: fromNdarray(asNdarray({ data: x, dims: [2, C, H, W] })) });
    expect(Array.from(again.y!.data as Float32Array)).to.deep.equal(Array.from(out.data as Float32Array));
  });

  it('converts other element types to float32 for batches and refuses what is not a tensor (runtime/bad-input)', () => {
    const u8 = ndarray(Uint8Array.from({ length: 2 * PER }, (_, i) => i % 251), [2, H, W, C]).transpose(0, 3, 1, 2);
    const f = floatBatch(u8);
    expect(f.data).to.be.instanceOf(Float32Array);
    expect(f.dims).to.deep.equal([2, C, H, W]);
    expect(f.data[1]).to.equal(u8.get(0, 0, 0, 1));
    expect(() => floatBatch(u8, [2, C, W, H + 1])).to.throw(/differ from the view's shape/).with.property('code', 'runtime/bad-input');
    expect(() => floatBatch(new Float32Array(4))).to.throw(/needs its dims/).with.property('code', 'runtime/bad-input');
    expect(() => arrayTensor({ data: [1, 2] } as never, "input 'x'")).to.throw(/input 'x' must be/).with.property('code', 'runtime/bad-input');
  });
});

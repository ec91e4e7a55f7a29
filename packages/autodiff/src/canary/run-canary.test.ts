import { expect } from 'chai';
import { canaryDevice, describeCanaryBackends } from '../test-support/canary-backends.js';
import { fakeProviderOrt } from '../test-support/fake-provider-ort.js';
import type { CanaryOrtModule } from './canary-ort.js';
import { canaryGraph } from './canary-graph.js';
import { GRADIENT_CANARIES } from './gradient-canaries.js';
import { CANARY_STATUSES, CANARY_TOLERANCE, canaryVerdict, compareOutputs, errorLine, type CanaryVerdict } from './run-canary.js';

const report = process.env['KENOBI_GRADIENT_REPORT'] === '1';

/** The canary run outside run-canary.ts: raw ORT, default session options. Returns the outputs or ORT's error. */
async function rawRun(ort: CanaryOrtModule, provider: string, id: string): Promise<Record<string, Float32Array> | Error> {
  const g = canaryGraph(GRADIENT_CANARIES.find((c) => c.id === id)!);
  try {
    const s = await ort.InferenceSession.create(g.model, { executionProviders: [provider], logSeverityLevel: 4 });
    try {
      const out = await s.run(Object.fromEntries(Object.entries(g.feeds).map(([k, f]) => [k, new ort.Tensor('float32', f.data, f.dims)])));
      return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, Float32Array.from(t.data as Float32Array)]));
    } finally {
      await s.release();
    }
  } catch (e) {
    return e as Error;
  }
}

/** max |got − expected| / max |expected|, written apart from compareOutputs so the two check each other. */
function maxRelative(expected: Float32Array, got: Float32Array | undefined): number {
  if (!got || got.length !== expected.length) return Infinity;
  let diff = 0, scale = 1e-6;
  expected.forEach((e, i) => { diff = Math.max(diff, Math.abs(got[i]! - e) || (Number.isNaN(got[i]!) ? Infinity : 0)); scale = Math.max(scale, Math.abs(e)); });
  return diff / scale;
}

describe('@kenobi/autodiff compareOutputs', () => {
  it('is the largest per-output max |difference| over that output\'s max |value|', () => {
    const r = compareOutputs({ a: Float32Array.of(1, -4), b: Float32Array.of(0.5) }, { a: Float32Array.of(1.004, -4), b: Float32Array.of(0.5005) }, ['a', 'b']);
    expect(r.output).to.equal('b');
    expect(r.maxRelativeError).to.be.closeTo(1e-3, 1e-6);
  });

  it('makes a NaN, a missing output or a wrong length infinitely wrong, and floors the scale of an all-zero output', () => {
    expect(compareOutputs({ a: Float32Array.of(1, 2) }, { a: Float32Array.of(1, NaN) }, ['a']).maxRelativeError).to.equal(Infinity);
    expect(compareOutputs({ a: Float32Array.of(1) }, {}, ['a'])).to.include({ maxRelativeError: Infinity, missing: "output 'a' missing" });
    expect(compareOutputs({ a: Float32Array.of(1) }, { a: Float32Array.of(1, 1) }, ['a']).maxRelativeError).to.equal(Infinity);
    expect(compareOutputs({ a: Float32Array.of(0, 0) }, { a: Float32Array.of(0, 1e-9) }, ['a']).maxRelativeError).to.be.closeTo(1e-3, 1e-9);
  });

  it('reads ORT\'s status message out of a run error', () => {
    expect(errorLine(new Error("Non-zero status code returned while running MaxPool node. Name:'m' Status Message: pool.cc:276 The Indices output is not supported yet.\nstack"))).to.equal('pool.cc:276 The Indices output is not supported yet.');
    expect(errorLine('plain\nsecond')).to.equal('plain');
  });
});

describeCanaryBackends('@kenobi/autodiff gradient canaries, every canary against onnxruntime-node CPU', (backend) => {
  const verdicts: CanaryVerdict[] = [];

  before(async function () {
    this.timeout(240_000);
    const device = canaryDevice(backend);
    for (const spec of GRADIENT_CANARIES) verdicts.push(await canaryVerdict(device.target, device.reference, spec));
    if (report) for (const v of verdicts) console.log(`      ${backend} ${v.id.padEnd(44)} ${v.status.padEnd(11)} ${v.maxRelativeError?.toExponential(1) ?? ''} ${v.error ?? ''}`);
  });

  it('gives every canary a verdict consistent with the tolerance', () => {
    expect(verdicts).to.have.length(GRADIENT_CANARIES.length);
    for (const v of verdicts) {
      expect(CANARY_STATUSES, v.id).to.include(v.status);
      expect(v.status, `${v.id}: the CPU reference ran it`).to.not.equal('unchecked');
      if (v.status === 'ok') expect(v.maxRelativeError, v.id).to.be.at.most(CANARY_TOLERANCE);
      if (v.status === 'wrong') expect(v.maxRelativeError, v.id).to.be.above(CANARY_TOLERANCE);
      if (v.status === 'unsupported') expect(v.error, v.id).to.be.a('string').and.not.equal('');
    }
  });

  if (backend === 'cpu') {
    it('on the reference provider itself, every output is identical (one thread, one summation order)', () => {
      for (const v of verdicts) expect(v, v.id).to.include({ status: 'ok', maxRelativeError: 0 });
    });
  }

  if (backend === 'wasm') {
    it('onnxruntime-web WASM computes every gradient op as onnxruntime-node CPU does (within 1e-4)', () => {
      expect(verdicts.filter((v) => v.status !== 'ok').map((v) => `${v.id}: ${v.status} ${v.error ?? v.maxRelativeError}`)).to.deep.equal([]);
    });
  }

  it('agrees with what raw ORT does: a failing canary fails when run directly, a passing one passes', async function () {
    this.timeout(120_000);
    const { target, reference } = canaryDevice(backend);
    // every failing canary, and every canary of the ops the issue is about (whatever their verdict)
    const checked = verdicts.filter((v) => v.status !== 'ok' || ['Conv', 'MaxPool', 'AveragePool'].includes(v.op));
    for (const v of checked) {
      const expected = await rawRun(reference.ort, reference.provider, v.id);
      if (expected instanceof Error) throw expected;
      const got = await rawRun(target.ort, target.provider, v.id);
      if (v.status === 'unsupported') {
        expect(got, `${v.id} should throw on ${backend}`).to.be.instanceOf(Error);
        continue;
      }
      if (got instanceof Error) expect.fail(`${v.id}: verdict ${v.status} but raw ORT threw ${got.message.split('\n')[0]}`);
      const rel = Math.max(...Object.keys(expected).map((k) => maxRelative(expected[k]!, got[k])));
      if (v.status === 'ok') expect(rel, v.id).to.be.at.most(CANARY_TOLERANCE);
      else expect(rel, v.id).to.be.above(CANARY_TOLERANCE);
    }
  });

  it('caches verdicts per process, ORT module and provider', async () => {
    const { target, reference } = canaryDevice(backend);
    const spec = GRADIENT_CANARIES[0]!;
    const first = await canaryVerdict(target, reference, spec);
    expect(await canaryVerdict(target, reference, spec)).to.equal(first);
    const { ort, log } = fakeProviderOrt({});
    const other = await canaryVerdict({ ort: ort as unknown as CanaryOrtModule, provider: backend }, reference, spec);
    expect(other).to.not.equal(first);
    expect(log.created).to.deep.equal([backend]);
  });
});

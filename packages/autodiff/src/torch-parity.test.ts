/**
 * Whole networks against PyTorch 1.13 (issue #13 §4 b–d): torchvision's ResNet-18 `layer4` + fc, an AlexNet-like
 * LRN block and a MobileNetV2 inverted residual, BN in training mode, trained for 5 SGD-momentum steps from the
 * same formula weights and batch order as scripts/fixtures/autodiff/make_torch_parity.py, on the gradient graph.
 *
 * Tolerances (float32 on both sides; PyTorch's own float32-vs-float64 error on these runs is ≤ 3.6e-7):
 * - weights and running statistics: max |Δ| / max |w_torch| per tensor ≤ 1e-4 (the issue's criterion);
 * - updates (final − initial, the part the gradients made): ≤ 1e-3, because float32's resolution of a weight is
 *   ulp(w) and the smallest updates (BN scales near 4 moving by ~1e-3) put that floor near 4e-4;
 * - loss of every step ≤ 1e-4 relative; L2 norm of sampled tensors ≤ 1e-4 relative.
 */
import { expect } from 'chai';
import { formulaUnit, formulaUniform } from './test-support/torch-parity/formula.js';
import { compareWithFixture } from './test-support/torch-parity/parity-compare.js';
import { PARITY_NETWORKS, readParityFixture, type ParityFixture, type ParityNetwork } from './test-support/torch-parity/parity-fixture.js';
import { runParity, type ParityRun } from './test-support/torch-parity/parity-run.js';

const WEIGHT_TOL = 1e-4, UPDATE_TOL = 1e-3, LOSS_TOL = 1e-4;
// the ResNet layer4 case on WASM takes ~20 s: it runs in CI (CI=true) and with KENOBI_SLOW_TESTS=1, pending otherwise
const slow = process.env.KENOBI_SLOW_TESTS === '1' || process.env.CI === 'true';

function expectParity(fx: ParityFixture, run: ParityRun): void {
  run.losses.forEach((l, k) => expect(Math.abs(l - fx.losses.float32[k]!) / Math.abs(fx.losses.float32[k]!), `loss of step ${k}`).to.be.at.most(LOSS_TOL));
  for (const c of compareWithFixture(fx, run.tensors)) {
    expect(c.error, `${c.name}: max |Δ| / max |w|`).to.be.at.most(WEIGHT_TOL);
    if (c.updateError !== undefined) expect(c.updateError, `${c.name}: update error`).to.be.at.most(UPDATE_TOL);
    if (c.l2Error !== undefined) expect(c.l2Error, `${c.name}: L2 norm`).to.be.at.most(WEIGHT_TOL);
  }
}

describe('@kenobi/autodiff whole networks against PyTorch 1.13 (5 SGD-momentum steps, BN in training mode)', function () {
  this.timeout(180_000);
  const fixtures = new Map<ParityNetwork, ParityFixture>(PARITY_NETWORKS.map((n) => [n, readParityFixture(n)]));

  it('formula.ts reproduces formula.py (first values exactly, the float64 sum of each dataset)', () => {
    for (const fx of fixtures.values()) {
      const x = formulaUniform(fx.input.name, fx.input.dims, fx.input.lo, fx.input.hi);
      expect(x.length).to.equal(fx.formulaCheck.count);
      expect(Array.from(x.subarray(0, fx.formulaCheck.first.length))).to.deep.equal(fx.formulaCheck.first.map(Math.fround));
      const sum = x.reduce((a, v) => a + v, 0);
      expect(Math.abs(sum - fx.formulaCheck.sum)).to.be.at.most(1e-12 * x.length * Math.max(Math.abs(fx.input.lo), Math.abs(fx.input.hi)));
    }
    expect(formulaUnit('fc.weight', 1)[0]).to.equal(0.18672186136245728);
  });

  for (const network of PARITY_NETWORKS) {
    for (const backend of ['cpu', 'wasm'] as const) {
      const gated = network === 'resnet18-layer4' && backend === 'wasm';
      it(`${network} [${backend}]: weights, updates, running statistics and losses match PyTorch's${gated ? ' (~20 s: KENOBI_SLOW_TESTS=1)' : ''}`, async function () {
        if (gated && !slow) this.skip();
        const fx = fixtures.get(network)!;
        const run = await runParity(network, fx, { backend });
        expectParity(fx, run);
        if (network !== 'alexnet-lrn') expect(run.differentiatedOps).to.include('BatchNormalization');
      });
    }
  }

  describe('the comparison fails on a wrong gradient or a wrong statistic', () => {
    const expectFailure = (fx: ParityFixture, run: ParityRun, tensor: string, what: 'updateError' | 'error', above: number): void => {
      const c = compareWithFixture(fx, run.tensors).find((t) => t.name === tensor)!;
      expect(c[what], `${tensor} ${what}`).to.be.above(above);
      expect(() => expectParity(fx, run)).to.throw(/max \|Δ\||update error|L2 norm|loss of step/);
    };

    it('a 1% error in the gradient of one BN scale (the smallest updates) fails the update check', async () => {
      const fx = fixtures.get('mobilenetv2-block')!;
      const run = await runParity('mobilenetv2-block', fx, { backend: 'cpu', perturbGradient: { tensor: 'block.conv.1.1.weight', factor: 1.01 } });
      expectFailure(fx, run, 'block.conv.1.1.weight', 'updateError', UPDATE_TOL);
    });

    it('a 1% error in the gradient of the first AlexNet conv fails both checks', async () => {
      const fx = fixtures.get('alexnet-lrn')!;
      const run = await runParity('alexnet-lrn', fx, { backend: 'cpu', perturbGradient: { tensor: 'conv1.weight', factor: 1.01 } });
      expectFailure(fx, run, 'conv1.weight', 'updateError', UPDATE_TOL);
      expectFailure(fx, run, 'conv1.weight', 'error', WEIGHT_TOL);
    });

    it("ONNX's biased running variance in place of PyTorch's unbiased one fails the statistics check", async () => {
      const fx = fixtures.get('mobilenetv2-block')!;
      const run = await runParity('mobilenetv2-block', fx, { backend: 'cpu', runningVar: 'onnx' });
      expectFailure(fx, run, 'block.conv.3.running_var', 'error', WEIGHT_TOL);
    });
  });
});

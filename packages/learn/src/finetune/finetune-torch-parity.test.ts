/**
 * Fine-tuning against PyTorch 1.13 (issue #14 §4): torchvision's ResNet-18 as torch.onnx.export writes it, its
 * weights rebuilt from the formula by state_dict name, fine-tuned with `unfreeze` 1 (and 2 with layer-wise
 * decay 0.5), batch norm of the unfrozen blocks in training mode, SGD with momentum, 5 steps
 * (scripts/fixtures/learn/make_finetune_parity.py). Tolerances as the autodiff whole-network parity: weights
 * and running statistics max |Δ| / max |w_torch| ≤ 1e-4, updates (final − initial) ≤ 1e-3, losses ≤ 1e-4
 * relative. The frozen part must be bit-identical.
 */
import { expect } from 'chai';
import { tensorToTypedArray, type ModelProto } from '@kenobi/onnx';
import { formulaUniform } from '../../../autodiff/src/test-support/torch-parity/formula.js';
import { compareWithFixture } from '../../../autodiff/src/test-support/torch-parity/parity-compare.js';
import type { ParityFixture } from '../../../autodiff/src/test-support/torch-parity/parity-fixture.js';
import { linearHead } from '../heads/linear-head.js';
import { Finetuner } from './finetuner.js';
import { arrayInputs } from './trunk-inputs.js';
import { TrunkRunner } from './trunk-runner.js';
import { MemoryTrunkCache, RecomputeTrunk, type TrunkSource } from './trunk-source.js';
import { planUnfreeze } from './unfreeze-blocks.js';
import { readFinetuneParity, torchResnet18, type FinetuneParityCase } from './test-support/finetune-parity.js';
import { parseAugment } from '@kenobi/features';

const WEIGHT_TOL = 1e-4, UPDATE_TOL = 1e-3, LOSS_TOL = 1e-4;

interface Run {
  readonly losses: number[];
  readonly tensors: Map<string, Float32Array>;
  readonly backbone: ModelProto;
  readonly tuned: ModelProto;
  readonly trunkRuns: number;
}

async function finetuneLikeTorch(c: FinetuneParityCase, mode: 'recompute' | 'memory', decay = c.decay): Promise<Run> {
  const fx = readFinetuneParity();
  const backbone = torchResnet18(fx);
  const plan = planUnfreeze(backbone, c.unfreeze);
  expect(plan.trainable.map((b) => b.name), 'the blocks --unfreeze names are the modules PyTorch trains').to.deep.equal(c.modules);
  const spec = (name: string) => fx.tensors.find((t) => t.name === name)!;
  const fcW = formulaUniform('fc.weight', spec('fc.weight').dims, spec('fc.weight').lo, spec('fc.weight').hi);
  const head = linearHead({ inputs: 512, classes: 10 });
  const [kernel, bias] = head.params();
  for (let o = 0; o < 10; o++) for (let i = 0; i < 512; i++) kernel!.value[i * 10 + o] = fcW[o * 512 + i]!;
  bias!.value.set(formulaUniform('fc.bias', [10], spec('fc.bias').lo, spec('fc.bias').hi));
  const ft = await Finetuner.create(backbone, head, {
    cut: plan.cut, feature: plan.feature, paramBlocks: plan.paramBlocks, loss: 'categoricalCrossEntropy', batchNorm: 'train',
    optimizer: { name: 'sgd', lr: c.lr, momentum: fx.optimizer.momentum }, lrDecay: decay, epochs: 1, batchSize: 4, shuffle: false,
  });
  const runner = await TrunkRunner.open(ft.split.trunk, fx.input.dims.slice(1), ft.split.cutDims, 'cpu', { threads: 1 });
  try {
    const inputs = arrayInputs(formulaUniform(fx.input.name, fx.input.dims, fx.input.lo, fx.input.hi), fx.input.dims.slice(1) as [number, number, number]);
    const source: TrunkSource = mode === 'memory' ? await MemoryTrunkCache.fill(inputs, runner, parseAugment('none')) : new RecomputeTrunk(inputs, runner, parseAugment('none'));
    const data = { source, items: Int32Array.from({ length: fx.input.dims[0]! }, (_, i) => i), labels: Int32Array.from(fx.labels.values) };
    const losses: number[] = [];
    for (let k = 0; k < fx.order.length; k++) losses.push((await ft.step(data, fx.order[k]!, 0, k)).loss);
    const tensors = new Map<string, Float32Array>();
    for (const p of ft.split.params) tensors.set(p.name, p.value as Float32Array);
    for (const bn of ft.split.batchNorms) for (const b of [bn.mean, bn.variance]) tensors.set(b.name, b.value as Float32Array);
    const fcT = new Float32Array(10 * 512);
    for (let o = 0; o < 10; o++) for (let i = 0; i < 512; i++) fcT[o * 512 + i] = kernel!.value[i * 10 + o]!;
    tensors.set('fc.weight', fcT);
    tensors.set('fc.bias', bias!.value as Float32Array);
    return { losses, tensors, backbone, tuned: ft.finetunedBackbone(), trunkRuns: runner.runs };
  } finally {
    await ft.dispose();
    await runner.dispose();
  }
}

/** The case's tensors as the autodiff comparison reads a fixture. */
function asParityFixture(c: FinetuneParityCase): ParityFixture {
  const fx = readFinetuneParity();
  return { tensors: c.tensors.map((t) => ({ ...fx.tensors.find((s) => s.name === t.name)!, final: t.final })) } as unknown as ParityFixture;
}

function expectParity(c: FinetuneParityCase, run: Run): void {
  run.losses.forEach((l, k) => expect(Math.abs(l - c.losses.float32[k]!) / Math.abs(c.losses.float32[k]!), `loss of step ${k}`).to.be.at.most(LOSS_TOL));
  for (const t of compareWithFixture(asParityFixture(c), run.tensors)) {
    expect(t.error, `${t.name}: max |Δ| / max |w|`).to.be.at.most(WEIGHT_TOL);
    if (t.updateError !== undefined) expect(t.updateError, `${t.name}: update error`).to.be.at.most(UPDATE_TOL);
    if (t.l2Error !== undefined) expect(t.l2Error, `${t.name}: L2 norm`).to.be.at.most(WEIGHT_TOL);
  }
}

describe('learn/finetune: ResNet-18 fine-tuned as PyTorch 1.13 does (torch.onnx.export graph, formula weights)', function () {
  this.timeout(180_000);
  const fx = readFinetuneParity();
  const unfreeze1 = fx.cases.find((c) => c.name === 'unfreeze-1')!;
  const decayed = fx.cases.find((c) => c.name === 'unfreeze-2-decay')!;

  it('--unfreeze 1, BN in training mode, 5 SGD steps: weights, running statistics and losses ≤ 1e-4; the frozen part bit-identical', async () => {
    const run = await finetuneLikeTorch(unfreeze1, 'recompute');
    expectParity(unfreeze1, run);
    const trained = new Set(unfreeze1.tensors.map((t) => t.name));
    const before = new Map(run.backbone.graph!.initializer!.map((t) => [t.name!, tensorToTypedArray(t) as Float32Array]));
    let frozen = 0;
    for (const t of run.tuned.graph!.initializer!) {
      const after = tensorToTypedArray(t) as Float32Array;
      // NOTE: fc is the head (a new dense layer); the backbone's own fc is cut away and left as it was.
      if (t.name!.startsWith('fc.')) continue;
      if (trained.has(t.name!)) expect(Buffer.from(after.buffer).equals(Buffer.from(before.get(t.name!)!.buffer)), `${t.name} was trained`).to.equal(false);
      else {
        expect(Buffer.from(after.buffer).equals(Buffer.from(before.get(t.name!)!.buffer)), `${t.name} is frozen`).to.equal(true);
        frozen++;
      }
    }
    expect(frozen).to.equal(fx.tensors.length - unfreeze1.tensors.length);
    expect(frozen, 'everything below layer4.1 is frozen').to.be.greaterThan(80);
    expect(run.trunkRuns, 'recompute mode runs the trunk on every step').to.equal(5 * 4);
  });

  it('the trunk cache (memory) gives the same weights as recomputing the trunk, running it once per image', async () => {
    const cached = await finetuneLikeTorch(unfreeze1, 'memory');
    expectParity(unfreeze1, cached);
    expect(cached.trunkRuns).to.equal(16);
  });

  it("--unfreeze 2 with layer-wise decay 0.5 equals PyTorch's param groups (lr, lr · 0.5); decay 1 fails the comparison", async () => {
    expectParity(decayed, await finetuneLikeTorch(decayed, 'memory'));
    const wrong = await finetuneLikeTorch(decayed, 'memory', 1);
    const c = compareWithFixture(asParityFixture(decayed), wrong.tensors).find((t) => t.name === 'layer4.0.conv1.weight')!;
    expect(c.updateError).to.be.above(0.1);
    expect(() => expectParity(decayed, wrong)).to.throw(/update error|max \|Δ\||loss of step/);
  });
});

import { expect } from 'chai';
import { decodeModel } from '@kenobi/onnx';
import { differentiableOps } from '../rules/registry.js';
import { canaryGraph } from './canary-graph.js';
import { canariesHolding, GRADIENT_CANARIES, gradientCanaries } from './gradient-canaries.js';

describe('@kenobi/autodiff gradient canaries: the table', () => {
  it('has at least one canary for every rule in the registry, and none for an op without a rule', () => {
    const ops = differentiableOps();
    expect(ops.filter((op) => gradientCanaries(op).length === 0), 'rules without a canary').to.deep.equal([]);
    expect(GRADIENT_CANARIES.map((c) => c.rule ?? c.op).filter((op) => !ops.includes(op)), 'canaries of unknown ops').to.deep.equal([]);
  });

  it('has unique ids of the form <Op>/<geometry>', () => {
    const ids = GRADIENT_CANARIES.map((c) => c.id);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const c of GRADIENT_CANARIES) expect(c.id.startsWith(`${c.rule ?? c.op}/`), c.id).to.equal(true);
  });

  it('builds every canary into a gradient graph that differentiates its op and outputs the loss and a gradient per float input', () => {
    for (const spec of GRADIENT_CANARIES) {
      const g = canaryGraph(spec);
      const op = spec.rule ?? spec.op;
      // NOTE: the engine never puts a Constant on the trainable path; its canary holds one beside the path
      if (op === 'Constant') expect(g.opTypes, spec.id).to.include('Constant');
      else expect(g.differentiatedOps, spec.id).to.include(op);
      const floats = spec.inputs.filter((o) => o.kind === 'float' && o.wrt !== false).length;
      expect(g.outputs[0], spec.id).to.equal('loss');
      expect(g.outputs.filter((o) => o.endsWith('_grad')), spec.id).to.have.length(floats);
      const model = decodeModel(g.model);
      expect(model.graph!.input!.map((i) => i.name).sort(), `${spec.id}: every input fed`).to.deep.equal(Object.keys(g.feeds).sort());
      for (const [name, f] of Object.entries(g.feeds)) expect(f.data.length, `${spec.id} ${name}`).to.equal(f.dims.reduce((a, b) => a * b, 1));
    }
  });

  it('is built once per spec and gives the same values each time (seeded by the id)', () => {
    const spec = gradientCanaries('Conv')[0]!;
    expect(canaryGraph(spec)).to.equal(canaryGraph(spec));
    const copy = { ...spec };
    expect(canaryGraph(copy)).to.not.equal(canaryGraph(spec));
    expect(canaryGraph(copy).feeds).to.deep.equal(canaryGraph(spec).feeds);
    expect(canaryGraph(copy).model).to.deep.equal(canaryGraph(spec).model);
  });

  it('exercises the backward ops the rules are known to write (the issue\'s cases)', () => {
    const ids = (type: string): string[] => canariesHolding(type).map((c) => c.id);
    expect(ids('ConvTranspose')).to.include.members(['Conv/depthwise-multiplier-2', 'Conv/groups-2', 'Conv/stride-2-dilation-2-asymmetric-pads', 'AveragePool/3x3-pad-1-exclude-pad']);
    expect(ids('ScatterElements')).to.include.members(['MaxPool/3x3-stride-2-pad-1', 'GlobalMaxPool/2-D']);
    expect(ids('Slice')).to.include('Conv/3x3-pad-1-16-channels-10-wide');
    expect(ids('Conv')).to.include('Conv/1x1-stride-2-even-input'); // the one-hot window Conv (dX by ConvTranspose)
    expect(ids('MaxUnpool')).to.include('MaxPool/2x2-stride-2');
    expect(ids('Gemm')).to.include.members(['Conv/1x1-stride-2-even-input', 'Conv/3x3-pad-1-64-channels', 'Conv/3x3-pad-1-16-channels-10-wide']);
    expect(ids('Pad')).to.include('Conv/3x3-pad-1-16-channels-10-wide');
    expect(ids('Pow')).to.include.members(['LRN/size-3', 'LRN/size-4']);
    expect(ids('Reciprocal')).to.include('BatchNormalization/train');
    const bnTrain = canaryGraph(GRADIENT_CANARIES.find((c) => c.id === 'BatchNormalization/train')!);
    expect(bnTrain.outputs.filter((o) => /batch_mean|batch_var|running_mean|running_var/.test(o))).to.have.length(4);
    const dropout = canaryGraph(GRADIENT_CANARIES.find((c) => c.id === 'Dropout/train-fed-mask')!);
    const mask = Object.entries(dropout.feeds).find(([k]) => k.endsWith('.mask'))![1];
    expect(new Set(mask.data)).to.deep.equal(new Set([0, Math.fround(1 / 0.7)]));
  });
});

import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { GraphBuilder } from './builder/graph-builder.js';
import type { ModelProto } from './onnx-types.js';
import { splitAtTensor } from './split-at-tensor.js';
import { maxAbsDiff, runOrt, seededInput } from './test-support/shared-models.js';

/**
 * x [N, 6] → fc0 → + c → relu = `h` (split here) → fc2 → + c → softmax = `prob`; outputs prob and h.
 * `c` is one Constant node read on both sides; `dead` is a branch nobody outputs.
 */
function twoStageModel(): ModelProto {
  const b = new GraphBuilder({ name: 'two-stage', seed: 3 });
  const x = b.input('x', 'float32', ['N', 6]);
  const c = b.constant([0.1, -0.2, 0.3, 0.0, 0.5], [5], { name: 'shift' });
  const a = b.dense(x, { units: 5, name: 'fc0', biasInit: 'glorot-uniform' });
  const h = b.relu(b.add(a, c), { name: 'h' });
  b.relu(b.dense(h, { units: 4, name: 'dead_fc' }), { name: 'dead' });
  const z = b.add(b.dense(h, { units: 5, name: 'fc2' }), c);
  b.output(b.softmax(z, { name: 'prob' }));
  b.output(h);
  return b.build();
}

function codeOf(f: () => unknown): { code?: string; message: string; details?: Record<string, unknown> } {
  try {
    f();
  } catch (e) {
    if (isKenobiError(e)) return { code: e.code, message: e.message, details: e.details as Record<string, unknown> };
    throw e;
  }
  return { message: 'no error' };
}

describe('@kenobi/onnx splitAtTensor', () => {
  it('gives a front and a back whose composition equals the full model (builder model)', async () => {
    const model = twoStageModel();
    const { front, back, tensor } = splitAtTensor(model, 'h');
    expect(tensor).to.equal('h');
    expect(front.graph!.output!.map((o) => o.name)).to.deep.equal(['h']);
    expect(back.graph!.input!.map((i) => i.name)).to.deep.equal(['h']);
    expect(back.graph!.output!.map((o) => o.name)).to.deep.equal(['prob']);
    const x = seededInput([3, 6]);
    const full = await runOrt(model, x, [3, 6]);
    const h = (await runOrt(front, x, [3, 6])).h!;
    expect(maxAbsDiff(h.data, full.h!.data)).to.be.at.most(1e-6);
    const prob = (await runOrt(back, h.data, h.dims)).prob!;
    expect(prob.dims).to.deep.equal([3, 5]);
    expect(maxAbsDiff(prob.data, full.prob!.data)).to.be.at.most(1e-6);
    expect(Math.max(...full.prob!.data)).to.be.greaterThan(0.2); // a real softmax, not zeros
  });

  it('keeps only what the back needs, types its input, and keeps opsets and metadata', () => {
    const model = { ...twoStageModel(), metadata_props: [{ key: 'kenobi.test', value: '1' }] };
    const { back } = splitAtTensor(model, 'h');
    const g = back.graph!;
    expect(g.node!.map((n) => n.op_type)).to.have.members(['Constant', 'Gemm', 'Add', 'Softmax']);
    expect(g.node!.some((n) => n.name === 'fc0' || n.name === 'dead_fc')).to.equal(false);
    expect(g.initializer!.map((t) => t.name).sort()).to.deep.equal(['fc2.bias', 'fc2.weight']);
    const read = new Set(g.node!.flatMap((n) => n.input ?? []));
    for (const t of g.initializer!) expect(read.has(t.name!), t.name!).to.equal(true);
    const type = g.input![0]!.type!.tensor_type!;
    expect(type.elem_type).to.equal(1);
    expect(type.shape!.dim!.map((d) => d.dim_param || Number(d.dim_value))).to.deep.equal(['N', 5]);
    expect(back.opset_import).to.deep.equal(model.opset_import);
    expect(back.ir_version).to.deep.equal(model.ir_version);
    expect(back.metadata_props).to.deep.equal([{ key: 'kenobi.test', value: '1' }]);
    // the front is pruned too: nothing of the head
    expect(splitAtTensor(model, 'h').front.graph!.node!.some((n) => n.name === 'fc2' || n.name === 'dead_fc')).to.equal(false);
  });

  it('names the nearest tensors for an unknown one', () => {
    const e = codeOf(() => splitAtTensor(twoStageModel(), 'hh'));
    expect(e.code).to.equal('onnx/unknown-tensor');
    expect(e.details!.nearest as string[]).to.include('h');
  });

  it('refuses an output that is not computed from the tensor', () => {
    const b = new GraphBuilder({ seed: 1 });
    const x = b.input('x', 'float32', ['N', 4]);
    const a = b.dense(x, { units: 3, name: 'fc_a' });
    const h = b.relu(a, { name: 'h' });
    b.output(b.sigmoid(h, { name: 'p' }));
    b.output(a);
    const e = codeOf(() => splitAtTensor(b.build(), 'h'));
    expect(e.code).to.equal('onnx/split-output');
    expect(e.message).to.contain(`'${a}'`);
    expect(e.details!.outputs).to.deep.equal([a]);
  });

  it('refuses a back node that reads a tensor from before the split (skip connection) or another input', () => {
    const b = new GraphBuilder({ seed: 2 });
    const x = b.input('x', 'float32', ['N', 4]);
    const a = b.dense(x, { units: 4, name: 'fc_a' });
    const h = b.relu(a, { name: 'h' });
    b.output(b.add(b.dense(h, { units: 4, name: 'fc_b' }), a, { name: 'residual' }));
    const e = codeOf(() => splitAtTensor(b.build(), 'h'));
    expect(e.code).to.equal('onnx/split-crossing');
    expect(e.message).to.contain("node 'residual'").and.contain(`'${a}'`);

    const b2 = new GraphBuilder({ seed: 2 });
    const x2 = b2.input('x', 'float32', ['N', 4]);
    const y2 = b2.input('y', 'float32', ['N', 4]);
    const h2 = b2.relu(x2, { name: 'h' });
    b2.output(b2.mul(h2, y2, { name: 'gate' }));
    const e2 = codeOf(() => splitAtTensor(b2.build(), 'h'));
    expect(e2.code).to.equal('onnx/split-crossing');
    expect(e2.message).to.contain("'y' (another graph input)");
  });
});

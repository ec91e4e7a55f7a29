import { expect } from 'chai';
import { GraphBuilder } from './builder/graph-builder.js';
import { IDENTITY_SUFFIX, splitAtInput } from './split-at-input.js';
import { maxAbsDiff, runOrt, seededInput } from './test-support/shared-models.js';

describe('split-at-input: a model split before everything', () => {
  it('front copies the input under a new name, back is the whole model reading the copy; back(front(x)) = model(x) exactly', async () => {
    const b = new GraphBuilder({ name: 'tiny', seed: 4 });
    const x = b.input('x', 'float32', ['N', 6]);
    b.output(b.softmax(b.dense(b.relu(b.dense(x, { units: 5, name: 'fc0' })), { units: 3, name: 'fc1' }), { name: 'prob' }));
    const model = b.build();
    const { front, back, tensor } = splitAtInput(model, 'x');
    expect(tensor).to.equal(`x${IDENTITY_SUFFIX}`);
    expect(front.graph!.node!.map((n) => n.op_type)).to.deep.equal(['Identity']);
    expect(front.graph!.output!.map((o) => o.name)).to.deep.equal([tensor]);
    expect(back.graph!.input!.map((i) => i.name)).to.deep.equal([tensor]);
    expect(back.graph!.node!.flatMap((n) => n.input ?? [])).to.not.include('x');
    expect(back.graph!.node!.length).to.equal(model.graph!.node!.length);
    const input = seededInput([4, 6], 1);
    const whole = await runOrt(model, input, [4, 6]);
    const copy = await runOrt(front, input, [4, 6]);
    const rest = await runOrt(back, copy[tensor]!.data, [4, 6]);
    expect(maxAbsDiff(rest['prob']!.data, whole['prob']!.data)).to.equal(0);
  });
});

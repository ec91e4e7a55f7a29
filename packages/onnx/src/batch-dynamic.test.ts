import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { needShared } from '../../../test/support/shared.js';
import { loadModelFile } from './model-file.node.js';
import { makeBatchDynamic } from './batch-dynamic.js';
import { inferStaticShapes, valueInfoDims } from './static-shapes.js';
import { graphView } from './graph-view.js';
import { int64Tensor } from './tensor-data.js';
import { toLong } from './long-number.js';
import { maxAbsDiff, runOrt, seededInput } from './test-support/shared-models.js';

const CASES: Readonly<Record<string, readonly number[]>> = {
  'mnist-8.onnx': [1, 28, 28],
  'cifar10-resnet20.onnx': [3, 32, 32],
  'shufflenet-v2-12-int8.onnx': [3, 224, 224],
};

describe('@kenobi/onnx makeBatchDynamic', () => {
  for (const [file, item] of Object.entries(CASES)) {
    it(`${file}: one batch of 8 equals 8 single runs (<= 1e-5)`, async function () {
      const model = loadModelFile(needShared(this, `models/${file}`));
      const changes: string[] = [];
      const dyn = makeBatchDynamic(model, { report: (c) => changes.push(c) });
      expect(valueInfoDims(dyn.graph!.input!.find((i) => !dyn.graph!.initializer!.some((t) => t.name === i.name)))![0]).to.equal('N');
      expect(changes.join('\n')).to.match(/input/);
      const size = item.reduce((a, b) => a * b, 1);
      const batch = seededInput([8, ...item], 11);
      const out = Object.values(await runOrt(dyn, batch, [8, ...item]))[0]!;
      expect(out.dims[0]).to.equal(8);
      // the static shapes of the batch-dynamic graph still know every output dim beyond the batch
      // (a Reshape [1, -1] repaired to [0, -1] included: its -1 once became '?')
      const shapes = inferStaticShapes(graphView(dyn));
      for (const o of dyn.graph!.output!) expect(shapes.get(o.name!)?.dims, o.name!).to.deep.equal(['N', ...out.dims.slice(1)]);
      const per = out.data.length / 8;
      for (let k = 0; k < 8; k++) {
        const single = Object.values(await runOrt(model, batch.slice(k * size, (k + 1) * size), [1, ...item]))[0]!;
        expect(maxAbsDiff(out.data.subarray(k * per, (k + 1) * per), single.data), `item ${k}`).to.be.at.most(1e-5);
      }
    });
  }

  it('leaves a model with a symbolic batch as it is', function () {
    const model = loadModelFile(needShared(this, 'models/densenet121-keras-imagenet.onnx'));
    expect(makeBatchDynamic(model)).to.equal(model);
  });

  it('refuses a batch fixed above 1 and a Reshape it cannot repair', () => {
    const vi = (name: string, dims: number[]) => ({ name, type: { tensor_type: { elem_type: 1, shape: { dim: dims.map((d) => ({ dim_value: toLong(d) })) } } } });
    const base = (batch: number, allowzero: number) => ({
      ir_version: toLong(8), opset_import: [{ domain: '', version: toLong(14) }],
      graph: {
        name: 'g', input: [vi('x', [batch, 4])], output: [vi('y', [batch, 4])], initializer: [int64Tensor('s', [1, -1])],
        node: [{ op_type: 'Reshape', name: 'r', input: ['x', 's'], output: ['y'], attribute: [{ name: 'allowzero', type: 2, i: toLong(allowzero) }] }],
      },
    });
    expect(() => makeBatchDynamic(base(4, 0))).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'onnx/batch-repair'));
    expect(() => makeBatchDynamic(base(1, 1))).to.throw(/allowzero/).that.satisfies((e: unknown) => isKenobiError(e, 'onnx/batch-repair'));
  });
});

import { expect } from 'chai';
import { needShared } from '../../../test/support/shared.js';
import { loadModelFile } from './model-file.node.js';
import { summary } from './model-summary.js';
import { formatSummary } from './summary-format.js';
import { graphView } from './graph-view.js';
import { isFloatDtype, tensorElementCount, tensorToTypedArray } from './tensor-data.js';
import { onnx } from '../generated/onnx-proto.js';
import { forEachSharedModel } from './test-support/shared-models.js';

describe('@kenobi/onnx summary', () => {
  it('gives Keras\'s totals for DenseNet-121: 8,062,504 params, 83,648 non-trainable', function () {
    const model = loadModelFile(needShared(this, 'models/densenet121-keras-imagenet.onnx'));
    const s = summary(model, { inputShape: [1, 3, 224, 224] });
    expect(s.totalParams).to.equal(8_062_504);
    expect(s.nonTrainableParams).to.equal(83_648);
    expect(s.trainableParams).to.equal(8_062_504 - 83_648);
    expect(s.opCounts).to.include({ BatchNormalization: 121, Conv: 120, Gemm: 1 });
    expect(s.inputs).to.deep.equal([{ name: 'input', dtype: 'float32', shape: [1, 3, 224, 224] }]);
    expect(s.rows.find((r) => r.output === 'avg_pool')?.shape).to.deep.equal([1, 1024]);
    expect(s.rows.find((r) => r.name === 'conv1/conv')).to.include({ opType: 'Conv', params: 9408 });
    expect(s.rows.reduce((a, r) => a + r.params, 0)).to.equal(s.totalParams);
    const text = formatSummary(s);
    expect(text).to.contain('Total params: 8,062,504').and.contain('Non-trainable params: 83,648').and.contain('conv1/conv (Conv)');
    expect(JSON.parse(JSON.stringify(s)).totalParams).to.equal(8_062_504);
  });

  forEachSharedModel('summary counts', (m) => {
    it(`counts ${m.file}: ${m.fp32 ? 'total = sum of float initializer sizes' : 'int8 weights in total, scales and zero points apart'}`, function () {
      const model = loadModelFile(needShared(this, `models/${m.file}`));
      const view = graphView(model);
      const s = summary(model);
      const floats = [...view.initializers.values()].filter((t) => isFloatDtype(t.data_type)).reduce((a, t) => a + tensorElementCount(t), 0);
      if (m.fp32) {
        expect(s.totalParams).to.equal(floats);
        expect(s.quantizationParams).to.equal(0);
      } else {
        const q = [...view.initializers.values()].filter((t) => t.data_type === onnx.TensorProto.DataType.UINT8 || t.data_type === onnx.TensorProto.DataType.INT8);
        expect(s.quantizedWeightParams).to.be.greaterThan(1_000_000);
        expect(s.quantizationParams).to.be.greaterThan(0);
        // every float initializer of an int8 model is a scale: none is counted as a param
        expect(s.totalParams).to.equal(s.quantizedWeightParams);
        expect(s.quantizedWeightParams).to.be.at.most(q.reduce((a, t) => a + tensorElementCount(t), 0) + [...view.initializers.values()].filter((t) => t.data_type === 6).reduce((a, t) => a + tensorElementCount(t), 0));
      }
      expect(s.rows.length).to.equal(view.nodes.length);
      expect(s.rows.reduce((a, r) => a + r.params, 0) + s.unusedParams).to.equal(s.totalParams);
    });
  });

  it('does not count shape constants (mnist-8 Reshape shapes are int64) and counts shared initializers once', function () {
    const model = loadModelFile(needShared(this, 'models/mnist-8.onnx'));
    const s = summary(model);
    expect(s.totalParams).to.equal(5994); // 8*1*5*5+8 + 16*8*5*5+16 + 256*10+10
    const shared = summary({ ...model, graph: { ...model.graph, node: [...model.graph!.node!, { op_type: 'Add', name: 'again', input: ['Plus214_Output_0', 'Parameter194'], output: ['again_out'] }] } });
    expect(shared.totalParams).to.equal(5994);
  });

  it('does not count float tensors used only as shape-like inputs (Resize scales), but counts BN mean/var as non-trainable', () => {
    const f = (name: string, values: number[]) => ({ name, data_type: 1, dims: [values.length], float_data: values });
    const s = summary({
      ir_version: 8, opset_import: [{ domain: '', version: 13 }],
      graph: {
        name: 'g', input: [{ name: 'x' }], output: [{ name: 'y' }],
        initializer: [f('roi', []), f('scales', [1, 1, 2, 2]), f('g', [1, 1]), f('b', [0, 0]), f('m', [0, 0]), f('v', [1, 1])],
        node: [
          { op_type: 'BatchNormalization', input: ['x', 'g', 'b', 'm', 'v'], output: ['bn'] },
          { op_type: 'Resize', input: ['bn', 'roi', 'scales'], output: ['y'] },
        ],
      },
    });
    expect(s).to.include({ totalParams: 8, trainableParams: 4, nonTrainableParams: 4 });
  });

  it('reads float16, int64 and typed-field tensors', () => {
    expect(Array.from(tensorToTypedArray({ name: 'h', data_type: 10, dims: [3], int32_data: [0x3c00, 0xc000, 0x3555] }) as ArrayLike<number | bigint>)).to.deep.equal([1, -2, 0.333251953125]);
    expect(Array.from(tensorToTypedArray({ name: 'i', data_type: 7, dims: [2], raw_data: new Uint8Array(new BigInt64Array([-1n, 5n]).buffer) }) as ArrayLike<number | bigint>)).to.deep.equal([-1n, 5n]);
    expect(Array.from(tensorToTypedArray({ name: 'f', data_type: 1, dims: [2], float_data: [1.5, -2] }) as ArrayLike<number | bigint>)).to.deep.equal([1.5, -2]);
    expect(Array.from(tensorToTypedArray({ name: 'b', data_type: 3, dims: [2], raw_data: new Uint8Array([255, 1]) }) as ArrayLike<number | bigint>)).to.deep.equal([-1, 1]);
  });
});

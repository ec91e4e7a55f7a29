import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { isKenobiError } from '@kenobi/core';
import { needShared, sharedPath } from '../../../test/support/shared.js';
import { loadModelFile } from './model-file.node.js';
import { cutAtTensor } from './cut-at-tensor.js';
import { findFeatureTensor } from './feature-tensor.js';
import { exposeTensors } from './expose-tensors.js';
import { graphView } from './graph-view.js';
import type { ModelProto } from './onnx-types.js';
import { maxAbsDiff, runOrt, seededInput, forEachSharedModel } from './test-support/shared-models.js';

/** The tensor the rule must pick: the classifier's input (through quantization to a float tensor). */
const AUTO: Readonly<Record<string, string>> = {
  'mnist-8.onnx': 'Pooling160_Output_0_reshape0',
  'cnn_mnist_pytorch.onnx': '18',
  'cifar10-resnet20.onnx': '207',
  'densenet121-keras-imagenet.onnx': 'avg_pool',
  'mobilenetv2-12-int8.onnx': '627',
  'shufflenet-v2-12-int8.onnx': '611',
  'mobilenetv2-12-int8.dequantized-fp32.onnx': '472_quantized__dq425',
  'shufflenet-v2-12-int8.dequantized-fp32.onnx': '611_quantized__dq495',
};

describe('@kenobi/onnx cutAtTensor and findFeatureTensor', () => {
  forEachSharedModel('cut at feature tensors', (m) => {
    describe(m.file, () => {
      let model: ModelProto;
      before(function () {
        model = loadModelFile(needShared(this, `models/${m.file}`));
      });

      it(`finds the feature tensor feeding the classifier (${AUTO[m.file]})`, () => {
        const f = findFeatureTensor(model);
        expect(f.name).to.equal(AUTO[m.file]);
        expect(f.poolingNeeded).to.equal(m.file === 'mobilenetv2-12-int8.onnx');
      });

      it('cuts at each MODELS.json feature tensor with the values of the full model exposing it', async () => {
        const x = seededInput(m.inputShape);
        const names = m.featureTensors.length > 0 ? m.featureTensors : [findFeatureTensor(model).name];
        const full = await runOrt(exposeTensors(model, names), x, m.inputShape, names);
        for (const name of names) {
          const cut = cutAtTensor(model, name);
          expect(cut.graph!.output!.map((o) => o.name)).to.deep.equal([name]);
          expect(cut.graph!.node!.length).to.be.lessThan(model.graph!.node!.length);
          const kept = new Set(cut.graph!.node!.flatMap((n) => n.input ?? []));
          for (const t of cut.graph!.initializer!) expect(kept.has(t.name!), `unpruned initializer ${t.name}`).to.equal(true);
          const got = await runOrt(cut, x, m.inputShape);
          expect(got[name]!.dims).to.deep.equal(full[name]!.dims);
          expect(maxAbsDiff(got[name]!.data, full[name]!.data), name).to.equal(0);
        }
      });
    });
  });

  it('pools a 4-D cut to [N, C] (avg and max) with the mean / max of the exposed map', async function () {
    const model = loadModelFile(needShared(this, 'models/mnist-8.onnx'));
    const x = seededInput([1, 1, 28, 28]);
    const map = (await runOrt(exposeTensors(model, ['Pooling160_Output_0']), x, [1, 1, 28, 28], ['Pooling160_Output_0']))['Pooling160_Output_0']!;
    expect(map.dims).to.deep.equal([1, 16, 4, 4]);
    for (const pool of ['avg', 'max'] as const) {
      const cut = cutAtTensor(model, 'Pooling160_Output_0', { pool });
      const out = Object.values(await runOrt(cut, x, [1, 1, 28, 28]))[0]!;
      expect(out.dims).to.deep.equal([1, 16]);
      const expected = Array.from({ length: 16 }, (_, c) => {
        const v = Array.from(map.data.subarray(c * 16, c * 16 + 16));
        return pool === 'avg' ? v.reduce((a, b) => a + b, 0) / 16 : Math.max(...v);
      });
      expect(maxAbsDiff(out.data, expected)).to.be.lessThan(1e-5);
    }
    expect(cutAtTensor(model, 'Pooling160_Output_0_reshape0', { pool: 'avg' }).graph!.output![0]!.name).to.equal('Pooling160_Output_0_reshape0');
  });

  it('names the nearest tensors when the name is unknown', function () {
    const model = loadModelFile(needShared(this, 'models/densenet121-keras-imagenet.onnx'));
    try {
      cutAtTensor(model, 'avgpool');
      expect.fail('expected onnx/unknown-tensor');
    } catch (e) {
      expect(isKenobiError(e, 'onnx/unknown-tensor')).to.equal(true);
      expect((e as Error).message).to.contain("'avg_pool'");
    }
    expect(graphView(model).tensorNames).to.include('avg_pool');
  });

  it('matches golden/features.json for the MNIST models (mn0 = test digit 0 scaled to 0-1; mnnorm0 = MNIST-normalised)', async function () {
    const golden = JSON.parse(readFileSync(needShared(this, 'models/golden/features.json'), 'utf8'));
    const images = gunzipSync(readFileSync(needShared(this, 'data/mnist/t10k-images-idx3-ubyte.gz')));
    const digit = Float32Array.from(images.subarray(16, 16 + 784), (v) => v / 255);
    const inputs: Record<string, Float32Array> = { mn0: digit, mnnorm0: digit.map((v) => (v - 0.1307) / 0.3081) };
    for (const file of ['mnist-8.onnx', 'cnn_mnist_pytorch.onnx']) {
      const g = golden[file];
      const model = loadModelFile(sharedPath('models', file));
      const out = Object.values(await runOrt(cutAtTensor(model, findFeatureTensor(model).name), inputs[g.input]!, [1, 1, 28, 28]))[0]!;
      expect(out.dims).to.deep.equal(g.tensor_dims);
      const l2 = Math.hypot(...out.data);
      const mean = out.data.reduce((a, b) => a + b, 0) / out.data.length;
      expect(l2, `${file} l2`).to.be.closeTo(g.l2, 1e-3);
      expect(mean, `${file} mean`).to.be.closeTo(g.mean, 1e-4);
      expect(maxAbsDiff(Array.from(out.data.subarray(0, 8), (v) => Math.round(v * 1e4) / 1e4), g.first8)).to.be.lessThan(2e-4);
    }
  });
});

describe('@kenobi/onnx cutAtTensor at tensors no node computes', () => {
  it('refuses a graph input or an initializer with onnx/not-computed (the cut had no nodes and did not decode)', async () => {
    const { lenet5 } = await import('./architectures/lenet5.js');
    const { decodeModel, encodeModel } = await import('./model-codec.js');
    const model = lenet5({ width: 0.25 });
    for (const name of ['input', 'conv1.weight']) {
      expect(() => cutAtTensor(model, name)).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'onnx/not-computed') && (e as Error).message.includes(`'${name}'`));
    }
    // Every node output still cuts to a model that decodes again.
    for (const name of graphView(model).tensorNames.filter((n) => graphView(model).producer.has(n))) {
      expect(decodeModel(encodeModel(cutAtTensor(model, name))).graph!.output![0]!.name).to.equal(name);
    }
  });
});

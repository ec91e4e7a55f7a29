import { expect } from 'chai';
import { graphView, inferStaticShapes } from '@kenobi/onnx';
import { loadModelFile } from '@kenobi/onnx/node';
import { needShared } from '../../../test/support/shared.js';
import { probeTensorShapes } from './probe-tensor-shapes.js';

describe('probeTensorShapes', () => {
  for (const file of ['mnist-8.onnx', 'cnn_mnist_pytorch.onnx', 'cifar10-resnet20.onnx', 'shufflenet-v2-12-int8.onnx']) {
    it(`${file}: every static shape Kenobi infers agrees with one ORT run`, async function () {
      const model = loadModelFile(needShared(this, `models/${file}`));
      const probed = await probeTensorShapes(model);
      const view = graphView(model);
      const inferred = inferStaticShapes(view);
      let compared = 0;
      for (const n of view.nodes) {
        for (const o of n.output ?? []) {
          const dims = inferred.get(o)?.dims;
          expect(probed[o], o).to.be.an('array');
          if (dims && dims.every((d) => typeof d === 'number')) {
            expect(dims, `${n.op_type} ${o}`).to.deep.equal(probed[o]);
            compared++;
          }
        }
      }
      expect(compared).to.be.greaterThan(view.nodes.length / 2);
    });
  }
});

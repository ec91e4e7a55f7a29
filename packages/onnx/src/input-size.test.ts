import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { needShared } from '../../../test/support/shared.js';
import { GraphBuilder } from './builder/graph-builder.js';
import { makeBatchDynamic } from './batch-dynamic.js';
import { withInputSize } from './input-size.js';
import { loadModelFile } from './model-file.node.js';
import type { ModelProto } from './onnx-types.js';
import { valueInfoDims } from './static-shapes.js';
import { runOrt, seededInput } from './test-support/shared-models.js';

/** x [N, 3, 8, 8] → 1×1 Conv (2 outputs, bias) → GlobalAveragePool → Flatten: the mean over pixels of W·x + b. */
function pointwiseModel(): ModelProto {
  const b = new GraphBuilder({ name: 'pointwise', seed: 5 });
  const x = b.input('x', 'float32', ['N', 3, 8, 8]);
  const c = b.conv(x, { outChannels: 2, kernel: 1, biasInit: 'glorot-uniform', name: 'pw' });
  b.output(b.flatten(b.globalAveragePool(c), { name: 'features' }));
  return b.build();
}

function errorCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (isKenobiError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  return undefined;
}

describe('@kenobi/onnx withInputSize', () => {
  it('declares the new size, and ONNX Runtime then runs it with the right numbers (a model it refuses at that size before)', async () => {
    const model = pointwiseModel();
    const x = seededInput([2, 3, 16, 12], 3);
    // without the change ORT refuses a 16×12 input (the file says 8×8)
    let refused = false;
    await runOrt(model, x, [2, 3, 16, 12]).catch(() => (refused = true));
    expect(refused).to.equal(true);
    const wide = withInputSize(model, [16, 12]);
    expect(valueInfoDims(wide.graph!.input!.find((i) => i.name === 'x')!)).to.deep.equal(['N', 3, 16, 12]);
    expect(wide.graph!.value_info).to.deep.equal([]);
    const out = (await runOrt(wide, x, [2, 3, 16, 12])).features!;
    expect(out.dims).to.deep.equal([2, 2]);
    // reference: mean over the 192 pixels of W·x + b, in float64
    const init = new Map(model.graph!.initializer!.map((t) => [t.name!, Float32Array.from(t.float_data!.length ? t.float_data! : new Float32Array(new Uint8Array(t.raw_data!).slice().buffer))]));
    const w = init.get('pw.weight')!, bias = init.get('pw.bias')!;
    const plane = 16 * 12;
    for (let n = 0; n < 2; n++) {
      for (let o = 0; o < 2; o++) {
        let s = 0;
        for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) s += w[o * 3 + c]! * x[(n * 3 + c) * plane + p]!;
        expect(out.data[n * 2 + o]).to.be.closeTo(s / plane + bias[o]!, 1e-5);
      }
    }
  });

  it('returns the model itself at its own size, and refuses what cannot take another size, naming why', () => {
    const model = pointwiseModel();
    expect(withInputSize(model, [8, 8])).to.equal(model);
    // a Reshape that hard-codes the 8×8 plane
    const b = new GraphBuilder({ name: 'fixed', seed: 1 });
    const x = b.input('x', 'float32', [1, 3, 8, 8]);
    b.output(b.reshape(x, [1, 192], { name: 'flat' }));
    expect(errorCode(() => withInputSize(b.build(), [16, 16]))).to.match(/^onnx\/input-size: the model cannot take 16×16 input \(it was exported for 8×8\)/);
    expect(errorCode(() => withInputSize(model, [0, 8]))).to.match(/^onnx\/input-size: an input size must be two positive integers/);
    const flat = new GraphBuilder({ name: 'flat', seed: 1 });
    flat.output(flat.relu(flat.input('v', 'float32', ['N', 6])));
    expect(errorCode(() => withInputSize(flat.build(), [8, 8]))).to.match(/^onnx\/input-size: the model has 0 four-dimensional inputs/);
  });

  it('cifar10-resnet20 (exported for 32×32) runs on 64×64 cutouts, batched', async function () {
    const model = makeBatchDynamic(loadModelFile(needShared(this, 'models/cifar10-resnet20.onnx')));
    const r64 = withInputSize(model, [64, 64]);
    const x = seededInput([2, 3, 64, 64], 9);
    const out = Object.values(await runOrt(r64, x, [2, 3, 64, 64]))[0]!;
    expect(out.dims).to.deep.equal([2, 10]);
    expect(Array.from(out.data).every(Number.isFinite)).to.equal(true);
    expect(out.data[0]).to.not.equal(out.data[10]); // two different images, two different logit rows
  });
});

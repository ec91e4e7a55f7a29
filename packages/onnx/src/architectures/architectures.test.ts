import { expect } from 'chai';
import { isKenobiError, SeededRandom } from '@kenobi/core';
import { onnx } from '../../generated/onnx-proto.js';
import { initializerParams } from '../test-support/initializer-params.js';
import { maxAbsDiff, runOnBothOrt } from '../test-support/run-on-both-ort.js';
import { ARCHITECTURE_NAMES, ARCHITECTURES, type ArchitectureName } from './architecture-table.js';
import { googlenet } from './googlenet.js';
import { lenet5 } from './lenet5.js';

/** torchvision's counts (trainable, BN running mean + var); LeNet-5 is the 1998 layout's 61,706. */
const TORCHVISION_COUNTS: Record<ArchitectureName, [number, number]> = {
  lenet5: [61_706, 0],
  alexnet: [61_100_840, 0],
  vgg11: [132_863_336, 0],
  vgg16: [138_357_544, 0],
  resnet18: [11_689_512, 9_600],
  resnet50: [25_557_032, 53_120],
  googlenet: [6_624_904, 14_560],
};

/** A small input per architecture for the runtime checks. */
const SMALL_INPUT: Record<ArchitectureName, number> = { lenet5: 28, alexnet: 64, vgg11: 32, vgg16: 32, resnet18: 64, resnet50: 64, googlenet: 64 };

const dimsOf = (m: onnx.ModelProto): [string, number[]][] => m.graph!.initializer!.map((t) => [t.name!, t.dims!.map(Number)]);
const opCounts = (m: onnx.ModelProto): Record<string, number> => {
  const c: Record<string, number> = {};
  for (const n of m.graph!.node!) c[n.op_type!] = (c[n.op_type!] ?? 0) + 1;
  return c;
};

describe('architectures', () => {
  describe('parameter counts at full width equal torchvision\'s', () => {
    for (const name of ARCHITECTURE_NAMES) {
      it(`${name}: ${TORCHVISION_COUNTS[name][0].toLocaleString('en')} trainable, ${TORCHVISION_COUNTS[name][1].toLocaleString('en')} non-trainable`, () => {
        const counts = initializerParams(ARCHITECTURES[name]({ materialize: false }));
        expect([counts.trainable, counts.nonTrainable]).to.deep.equal(TORCHVISION_COUNTS[name]);
      });
    }
  });

  it('shapes-only builds have exactly the dims of real builds (full-width ResNet-18 and GoogLeNet)', () => {
    for (const make of [ARCHITECTURES.resnet18, ARCHITECTURES.googlenet]) {
      const real = make({ seed: 1 });
      expect(dimsOf(make({ materialize: false }))).to.deep.equal(dimsOf(real));
      for (const t of real.graph!.initializer!) {
        expect(t.raw_data!.length / 4, t.name!).to.equal(t.dims!.reduce<number>((a, d) => a * Number(d), 1));
      }
      expect(initializerParams(real)).to.deep.equal(initializerParams(make({ materialize: false })));
    }
  });

  it('keeps the originals\' topology: op types and block structure', () => {
    expect(opCounts(ARCHITECTURES.lenet5({ materialize: false }))).to.deep.equal({ Conv: 2, Tanh: 4, AveragePool: 2, Flatten: 1, Gemm: 3 });
    expect(opCounts(ARCHITECTURES.alexnet({ materialize: false }))).to.deep.equal({ Conv: 5, Relu: 7, LRN: 2, MaxPool: 3, Flatten: 1, Dropout: 2, Gemm: 3 });
    expect(opCounts(ARCHITECTURES.vgg16({ materialize: false }))).to.include({ Conv: 13, MaxPool: 5, Gemm: 3, Relu: 15 });
    expect(opCounts(ARCHITECTURES.vgg11({ materialize: false }))).to.include({ Conv: 8, MaxPool: 5, Gemm: 3 });
    expect(opCounts(ARCHITECTURES.resnet18({ materialize: false }))).to.deep.equal({
      Conv: 20, BatchNormalization: 20, Relu: 17, MaxPool: 1, Add: 8, GlobalAveragePool: 1, Flatten: 1, Gemm: 1,
    });
    expect(opCounts(ARCHITECTURES.resnet50({ materialize: false }))).to.deep.equal({
      Conv: 53, BatchNormalization: 53, Relu: 49, MaxPool: 1, Add: 16, GlobalAveragePool: 1, Flatten: 1, Gemm: 1,
    });
    const g = opCounts(googlenet({ materialize: false }));
    expect(g).to.deep.equal({ Conv: 57, BatchNormalization: 57, Relu: 57, MaxPool: 13, Concat: 9, GlobalAveragePool: 1, Flatten: 1, Dropout: 1, Gemm: 1 });
    expect(opCounts(googlenet({ materialize: false, lrn: true })).LRN).to.equal(2);
    expect(initializerParams(googlenet({ materialize: false, lrn: true })).trainable).to.equal(6_624_904);
  });

  it('pads a 28×28 LeNet-5 input so the layers keep their 32×32 sizes', () => {
    expect(initializerParams(lenet5({ inputSize: 28, materialize: false })).trainable).to.equal(61_706);
  });

  describe('reduced width runs on ORT-node CPU and ORT-web WASM with the same outputs', () => {
    for (const name of ARCHITECTURE_NAMES) {
      it(`${name} (width 0.125, ${SMALL_INPUT[name]}×${SMALL_INPUT[name]}, batch 2)`, async () => {
        const size = SMALL_INPUT[name];
        const channels = name === 'lenet5' ? 1 : 3;
        const numClasses = name === 'lenet5' ? 10 : 7;
        const model = ARCHITECTURES[name]({ width: 0.125, inputSize: size, numClasses, seed: 11 });
        const outDims = model.graph!.output![0]!.type!.tensor_type!.shape!.dim!.map((d) => d.dim_param || Number(d.dim_value));
        expect(outDims).to.deep.equal(['N', numClasses]);
        const rng = new SeededRandom(5);
        const input = Float32Array.from({ length: 2 * channels * size * size }, () => rng.normal());
        const { node, web, dims } = await runOnBothOrt(model, input, [2, channels, size, size]);
        expect(dims).to.deep.equal([2, numClasses]);
        const scale = node.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        expect(scale, 'outputs are not all zero').to.be.greaterThan(1e-3);
        expect(node.every(Number.isFinite)).to.equal(true);
        // float32 sums in a different order: 1e-5 of the output's scale (absolute when the scale is below 1).
        expect(maxAbsDiff(node, web)).to.be.at.most(1e-5 * Math.max(1, scale));
      });
    }
  });

  it('gives identical bytes for the same seed and different weights for another seed', () => {
    const bytes = (seed: number): Buffer => Buffer.from(onnx.ModelProto.encode(ARCHITECTURES.resnet18({ width: 0.125, seed })).finish());
    expect(bytes(2).equals(bytes(2))).to.equal(true);
    const a = ARCHITECTURES.resnet18({ width: 0.125, seed: 2 }).graph!.initializer![0]!.raw_data!;
    const b = ARCHITECTURES.resnet18({ width: 0.125, seed: 3 }).graph!.initializer![0]!.raw_data!;
    expect(a.length).to.equal(b.length);
    expect(Buffer.from(a).equals(Buffer.from(b))).to.equal(false);
  });

  it('takes a fixed batch size', () => {
    const m = ARCHITECTURES.lenet5({ batch: 4 });
    expect(m.graph!.input![0]!.type!.tensor_type!.shape!.dim!.map((d) => Number(d.dim_value))).to.deep.equal([4, 1, 32, 32]);
  });

  it('rejects bad options and too-small inputs with typed errors', () => {
    const code = (f: () => unknown): string | undefined => {
      try { f(); } catch (e) { return isKenobiError(e) ? e.code : 'untyped'; }
      return undefined;
    };
    expect(code(() => ARCHITECTURES.resnet18({ width: 0 }))).to.equal('onnx/builder-option');
    expect(code(() => ARCHITECTURES.vgg16({ numClasses: 2.5 }))).to.equal('onnx/builder-option');
    expect(code(() => ARCHITECTURES.alexnet({ inputSize: 32, materialize: false }))).to.equal('onnx/builder-shape');
  });
});

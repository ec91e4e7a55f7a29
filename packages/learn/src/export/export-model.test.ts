import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { cutAtTensor, decodeModel, encodeModel, summary, type ModelProto } from '@kenobi/onnx';
import { createSession, type Device } from '@kenobi/runtime';
import { matrix } from '../backend/matrix.js';
import { linearHead } from '../heads/linear-head.js';
import { mlpHead } from '../heads/mlp-head.js';
import { probabilities } from '../heads/predict-proba.js';
import type { Sequential } from '../model/sequential.js';
import { perturbBuffers, randomImages, tinyBackbone } from '../test-support/tiny-backbone.js';
import { exportModel } from './export-model.js';
import { readExportInfo } from './export-metadata.js';

const DEVICES: readonly Device[] = ['cpu', 'wasm'];

async function run(model: ModelProto, device: Device, feeds: Record<string, { data: Float32Array; dims: number[] }>): Promise<Record<string, Float32Array>> {
  const s = await createSession(encodeModel(model), { device });
  try {
    const out = await s.run(feeds);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array]));
  } finally {
    await s.dispose();
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).to.equal(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const N = 6;
const images = randomImages(N, 11);
const feeds = { input: { data: images, dims: [N, 3, 16, 16] } };

/** Features of the tiny backbone cut at 'pooled', computed by ORT CPU. */
async function tinyFeatures(backbone: ModelProto, tensor = 'pooled', pool: 'avg' | 'none' = 'none'): Promise<Float32Array> {
  const out = await run(cutAtTensor(backbone, tensor, { pool }), 'cpu', feeds);
  return Object.values(out)[0]!;
}

function expectedProbabilities(head: Sequential, features: Float32Array): Float32Array {
  const p = probabilities(head.predict(matrix(N, head.inputs, features)));
  if (p.cols !== 1) return Float32Array.from(p.data);
  return Float32Array.from({ length: N * 2 }, (_, i) => (i % 2 === 1 ? p.data[(i - 1) / 2]! : 1 - p.data[i / 2]!));
}

describe('exportModel: backbone cut + TS head as one ONNX', () => {
  const backbone = tinyBackbone({ seed: 3 });

  for (const device of DEVICES) {
    it(`binary MLP head (BN folded, dropout off) equals the TS head on ${device} (≤ 1e-4)`, async function () {
      this.timeout(60_000);
      const head = mlpHead({ inputs: 8, hidden: [16, 12], bn: true, dropout: 0.3, classes: 2, seed: 5 });
      perturbBuffers(head, 9);
      const merged = exportModel({ backbone, tensor: 'auto', head, classes: ['non-lens', 'lens'] });
      const features = await tinyFeatures(backbone);
      const out = await run(merged, device, feeds);
      expect(Object.keys(out).sort()).to.deep.equal(['features', 'probabilities']);
      expect(maxAbsDiff(out.features!, features)).to.be.at.most(1e-5);
      const want = expectedProbabilities(head, features);
      expect(maxAbsDiff(out.probabilities!, want), 'probabilities').to.be.at.most(1e-4);
      // the exported graph has no BatchNormalization (folded) and no Dropout (off)
      const ops = merged.graph!.node!.map((n) => n.op_type);
      expect(ops).to.not.include('BatchNormalization').and.not.include('Dropout');
      expect(ops.filter((o) => o === 'Gemm'), 'the cut drops the backbone fc; the head has 3 dense').to.have.length(3);
    });

    it(`3-class softmax head on a pooled feature map, and a regression head, equal TS on ${device}`, async function () {
      this.timeout(60_000);
      const head = mlpHead({ inputs: 8, hidden: 10, activation: 'elu', classes: 3, seed: 2 });
      perturbBuffers(head, 4);
      const merged = exportModel({ backbone, tensor: 'feature_map', pool: 'avg', head, classes: ['E', 'S', 'M'] });
      const features = await tinyFeatures(backbone, 'feature_map', 'avg');
      const out = await run(merged, device, feeds);
      expect(maxAbsDiff(out.probabilities!, expectedProbabilities(head, features))).to.be.at.most(1e-4);

      const reg = linearHead({ inputs: 8, outputs: 2, seed: 8 });
      const mergedReg = exportModel({ backbone, tensor: 'pooled', head: reg, task: 'regression' });
      const outReg = await run(mergedReg, device, feeds);
      expect(Object.keys(outReg).sort()).to.deep.equal(['features', 'prediction']);
      expect(maxAbsDiff(outReg.prediction!, reg.predict(matrix(N, 8, features)).data)).to.be.at.most(1e-4);
    });

    it(`MC-dropout stays random on ${device} within a session (random mask), so each run is one MC sample`, async function () {
      this.timeout(60_000);
      const head = mlpHead({ inputs: 8, hidden: 64, dropout: 0.5, classes: 2, seed: 1 });
      const merged = exportModel({ backbone, tensor: 'auto', head, mcDropout: true });
      expect(merged.graph!.node!.filter((n) => n.op_type === 'RandomUniformLike')).to.have.length(1);
      const s = await createSession(encodeModel(merged), { device });
      try {
        const a = (await s.run(feeds)).probabilities!.data as Float32Array;
        const b = (await s.run(feeds)).probabilities!.data as Float32Array;
        expect(maxAbsDiff(a, b), 'two passes differ').to.be.greaterThan(1e-3);
        // rows still sum to 1
        for (let r = 0; r < N; r++) expect(a[2 * r]! + a[2 * r + 1]!).to.be.closeTo(1, 1e-6);
      } finally {
        await s.dispose();
      }
      expect(readExportInfo(merged).mcDropout).to.include({ enabled: true });
    });
  }

  it("'dropout-node' form: Dropout(training_mode=true) is removed by ORT's optimizer, random only with optimisation off", async function () {
    this.timeout(60_000);
    const head = mlpHead({ inputs: 8, hidden: 64, dropout: 0.5, classes: 2, seed: 1 });
    const merged = exportModel({ backbone, tensor: 'auto', head, mcDropout: true, mcDropoutForm: 'dropout-node' });
    const dropout = merged.graph!.node!.filter((n) => n.op_type === 'Dropout');
    expect(dropout).to.have.length(1);
    expect(merged.graph!.initializer!.find((t) => t.name === dropout[0]!.input![2])!.raw_data![0]).to.equal(1);
    const twoRuns = async (sessionOptions: { graphOptimizationLevel: 'all' | 'disabled' }): Promise<number> => {
      const s = await createSession(encodeModel(merged), { device: 'cpu', sessionOptions });
      try {
        return maxAbsDiff((await s.run(feeds)).probabilities!.data as Float32Array, (await s.run(feeds)).probabilities!.data as Float32Array);
      } finally {
        await s.dispose();
      }
    };
    expect(await twoRuns({ graphOptimizationLevel: 'all' }), 'optimised: dropout eliminated').to.equal(0);
    expect(await twoRuns({ graphOptimizationLevel: 'disabled' }), 'unoptimised: random').to.be.greaterThan(1e-3);
  });

  it('MC-dropout on an opset-11 backbone is random on CPU; without it the head equals TS', async function () {
    this.timeout(60_000);
    const old = tinyBackbone({ seed: 3, opset: 11 });
    const head = mlpHead({ inputs: 8, hidden: 32, dropout: 0.5, classes: 2, seed: 1 });
    const merged = exportModel({ backbone: old, tensor: 'auto', head, mcDropout: true });
    expect(merged.graph!.node!.map((n) => n.op_type)).to.include('RandomUniformLike').and.not.include('Dropout');
    const s = await createSession(encodeModel(merged), { device: 'cpu' });
    try {
      expect(maxAbsDiff((await s.run(feeds)).probabilities!.data as Float32Array, (await s.run(feeds)).probabilities!.data as Float32Array)).to.be.greaterThan(1e-3);
    } finally {
      await s.dispose();
    }
    const det = await run(exportModel({ backbone: old, tensor: 'auto', head }), 'cpu', feeds);
    expect(maxAbsDiff(det.probabilities!, expectedProbabilities(head, await tinyFeatures(old)))).to.be.at.most(1e-4);
  });

  it('preprocessing in the graph: raw 0–255 pixels give what the normalised input gives', async function () {
    this.timeout(60_000);
    const head = linearHead({ inputs: 8, classes: 2, seed: 3 });
    const pre = { scale: '0-1', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: 'BGR', inputSize: [16, 16], resize: 'exact' } as const;
    const merged = exportModel({ backbone, tensor: 'auto', head, preprocessing: pre });
    const info = readExportInfo(merged);
    expect(info.input).to.deep.include({ name: 'pixels', expects: 'raw-pixels' });
    expect(merged.graph!.input!.map((i) => i.name)).to.deep.equal(['pixels']);
    const pixels = Float32Array.from(randomImages(N, 5), (v) => Math.round(Math.min(255, Math.max(0, 128 + 60 * v))));
    // the same arithmetic as @kenobi/imaging's toModelInput, in float32: BGR channel c reads RGB channel 2 − c
    const plane = 16 * 16;
    const normalised = new Float32Array(pixels.length);
    for (let n = 0; n < N; n++) for (let c = 0; c < 3; c++) for (let i = 0; i < plane; i++) {
      const v = Math.fround(pixels[(n * 3 + (2 - c)) * plane + i]! / 255);
      normalised[(n * 3 + c) * plane + i] = Math.fround(Math.fround(v - Math.fround(pre.mean[c]!)) / Math.fround(pre.std[c]!));
    }
    const viaGraph = await run(merged, 'cpu', { pixels: { data: pixels, dims: [N, 3, 16, 16] } });
    const direct = await run(exportModel({ backbone, tensor: 'auto', head }), 'cpu', { input: { data: normalised, dims: [N, 3, 16, 16] } });
    expect(maxAbsDiff(viaGraph.features!, direct.features!)).to.be.at.most(1e-5);
    expect(maxAbsDiff(viaGraph.probabilities!, direct.probabilities!)).to.be.at.most(1e-6);
  });

  it('writes metadata (classes, preprocessing, version) and survives an encode/decode round trip', () => {
    const head = mlpHead({ inputs: 8, hidden: 4, classes: 2, seed: 0 });
    const merged = decodeModel(encodeModel(exportModel({ backbone, tensor: 'auto', head, classes: ['non-lens', 'lens'], backboneId: 'tiny' })));
    const props = Object.fromEntries(merged.metadata_props!.map((p) => [p.key, p.value]));
    expect(JSON.parse(props['kenobi.classes']!)).to.deep.equal(['non-lens', 'lens']);
    expect(props['kenobi.version']).to.match(/^\d+\.\d+\.\d+/);
    const info = readExportInfo(merged);
    expect(info).to.deep.include({ task: 'classification', preprocessingInGraph: false });
    expect(info.outputs).to.deep.equal({ main: 'probabilities', features: 'features', featureWidth: 8 });
    expect(info.backbone).to.deep.equal({ id: 'tiny', tensor: 'pooled', pool: 'none' });
    expect(merged.producer_name).to.equal('kenobi');
    // the summary shows the head's nodes
    const rows = summary(merged).rows.map((r) => r.name);
    expect(rows).to.include('kenobi_head/dense_1').and.include('kenobi_head/logits').and.include('kenobi_head/probabilities');
  });

  it('refuses a head of the wrong width with learn/export-width', () => {
    let caught: unknown;
    try {
      exportModel({ backbone, tensor: 'auto', head: linearHead({ inputs: 9, seed: 0 }) });
    } catch (e) {
      caught = e;
    }
    expect(isKenobiError(caught, 'learn/export-width'), String(caught)).to.equal(true);
  });
});

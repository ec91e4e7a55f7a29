/**
 * End to end (issue #3 §3, mirror): with KENOBI_MIRROR=../shared/models and KENOBI_OFFLINE=1 the zoo ids
 * resolve, their labels resolve as an asset, their top-5 on ../shared/data/photos match the golden file,
 * and mnist-8 (after batch repair) scores ≥ 98.8% on MNIST.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { decodeImage, toModelInput } from '@kenobi/imaging';
import { decodeModel, encodeModel, makeBatchDynamic } from '@kenobi/onnx';
import { createSession, runBatched } from '@kenobi/runtime';
import { loadCatalog, ModelStore } from '@kenobi/zoo/node';
import { needShared, sharedPath } from '../support/shared.js';
import { readMnist } from './mnist-idx.js';
import { INT8_MODELS, int8Goldens, matchInt8Family, TEST_PHOTOS } from './int8-golden.js';

interface Golden { models: Record<string, { results: Record<string, { top5: Array<{ index: number; label: string; logit: number; prob: number }> }> }> }

const PHOTOS = TEST_PHOTOS;
// zoo id → key in golden/images.json
const GOLDEN_KEYS: Record<string, string> = {
  'mobilenetv2-12-int8': 'mobilenetv2-12-int8.onnx',
  'shufflenet-v2-12-int8': 'shufflenet-v2-12-int8.onnx',
  'cifar10-resnet20': 'cifar10-resnet20.onnx',
  'mobilenetv2-12-int8-dequantized-fp32': 'derived/mobilenetv2-12-int8.dequantized-fp32.onnx',
  'shufflenet-v2-12-int8-dequantized-fp32': 'derived/shufflenet-v2-12-int8.dequantized-fp32.onnx',
};

function topK(logits: Float32Array, k: number): number[] {
  return [...logits.keys()].sort((a, b) => logits[b]! - logits[a]! || a - b).slice(0, k);
}

describe('zoo models from the mirror, end to end (KENOBI_MIRROR=../shared/models KENOBI_OFFLINE=1)', function () {
  this.timeout(180_000);
  let cacheDir: string;
  let store: ModelStore;
  before(function () {
    needShared(this, 'models/golden/images.json', 'data/photos/chelsea.png');
    cacheDir = mkdtempSync(join(tmpdir(), 'kenobi-zoo-e2e-'));
    store = new ModelStore(loadCatalog({ cacheDir }), { cacheDir, mirrors: [sharedPath('models')], offline: true });
  });
  after(() => { if (cacheDir) rmSync(cacheDir, { recursive: true, force: true }); });

  for (const [id, key] of Object.entries(GOLDEN_KEYS)) {
    it(`${id}: top-5 on the test photos match ${(INT8_MODELS as readonly string[]).includes(id) ? 'the int8 golden of one kernel family (int8-golden.json)' : 'golden/images.json'}, labels resolved as an asset`, async () => {
      const golden = (JSON.parse(readFileSync(sharedPath('models/golden/images.json'), 'utf8')) as Golden).models[key]!;
      const { path, entry } = await store.resolveModel(id);
      const labels = await store.resolveLabels(entry!);
      const session = await createSession(new Uint8Array(readFileSync(path)), { device: 'cpu' });
      const families = new Set<string>();
      try {
        for (const [photo, file] of Object.entries(PHOTOS)) {
          const want = golden.results[photo]!.top5;
          const image = await decodeImage(new Uint8Array(readFileSync(sharedPath('data/photos', file))));
          const input = toModelInput(image, entry!.preprocessing);
          const out = await session.run({ [entry!.input.name]: { data: input.data, dims: input.dims } });
          const logits = out[session.outputNames[0]!]!.data as Float32Array;
          const got = topK(logits, 5);
          // labels come from the resolved label asset and agree with the golden names
          for (const w of want) expect(labels[w.index], `${photo} label ${w.index}`).to.equal(w.label);
          if ((INT8_MODELS as readonly string[]).includes(id)) {
            // int8: the result depends on the CPU's int8 kernel family (see int8-golden.ts); it must match one
            const { family, mismatch } = matchInt8Family(id, photo, logits);
            expect(family, `${id} ${photo} matches no int8 kernel family's golden: ${mismatch.join(' | ')}`).to.be.a('string');
            families.add(family!);
            continue;
          }
          // NOTE: our JPEG decode and resize are not byte-identical to PIL's (the golden file says: compare top-1
          // and top-5 membership, not logits). Where the golden prediction is decisive (p1 ≥ 1.5·p2) top-1 must
          // match, every golden class whose logit stands clear of the golden 5th (by > 0.25, about 1.5 int8
          // quantisation steps of these models' logits) must be in our top-5, and top-5 share ≥ 3 classes:
          // classes tied with the 5th (e.g. Hubble deep field on MobileNetV2-int8: 5.61, 5.44, 5.44) may swap
          // with others at the same level. Where it is a near-tie, our top-1 must be among the golden top-3
          // and top-5 share ≥ 3 classes.
          const decisive = want[0]!.prob >= 1.5 * want[1]!.prob;
          const overlap = got.filter((g) => want.some((w) => w.index === g)).length;
          const note = `${id} ${photo}: got ${got.map((g) => `${g} ${labels[g]}`).join(' | ')}; golden ${want.map((w) => w.index).join(', ')}`;
          if (decisive) {
            expect(got[0], note).to.equal(want[0]!.index);
            const clear = want.filter((w) => w.logit > want[4]!.logit + 0.25).map((w) => w.index);
            expect(got, note).to.include.members(clear);
            expect(overlap, note).to.be.at.least(3);
          } else {
            expect(want.slice(0, 3).map((w) => w.index), note).to.include(got[0]);
            expect(overlap, note).to.be.at.least(3);
            if (got[0] !== want[0]!.index) console.log(`      near-tie differs: ${note}`);
          }
        }
        // one machine runs one kernel family for every photo
        expect(families.size, `${id}: photos matched different int8 families ${[...families].join(', ')}`).to.be.at.most(1);
        if (families.size) console.log(`      ${id}: int8 results match the ${[...families][0]} kernel family's golden`);
      } finally {
        session.dispose();
      }
    });
  }

  it('the u8s8-saturating golden (made under QEMU -cpu Haswell) reproduces the shared golden top-5 exactly (both AVX2 runs)', () => {
    const shared = (JSON.parse(readFileSync(sharedPath('models/golden/images.json'), 'utf8')) as Golden).models;
    const sat = int8Goldens()['u8s8-saturating']!.models;
    for (const id of INT8_MODELS) {
      for (const photo of Object.keys(PHOTOS)) {
        const want = shared[GOLDEN_KEYS[id]!]!.results[photo]!.top5;
        expect(sat[id]![photo]!.top5, `${id} ${photo}`).to.deep.equal(want.map((w) => w.index));
        sat[id]![photo]!.logits.forEach((l, k) => expect(l, `${id} ${photo} logit ${k}`).to.be.closeTo(want[k]!.logit, 1e-3));
      }
    }
  });

  it('mnist-8 after batch repair scores ≥ 98.8% on the MNIST test set (and matches golden/mnist.json)', async function () {
    needShared(this, 'data/mnist/t10k-images-idx3-ubyte.gz', 'models/golden/mnist.json');
    const { path, entry } = await store.resolveModel('mnist-8');
    expect(entry!.batch).to.equal('fixed-1');
    const dynamic = makeBatchDynamic(decodeModel(new Uint8Array(readFileSync(path))));
    const { images, labels, n, rows, cols } = readMnist(sharedPath('data/mnist'));
    const rasters = Array.from({ length: n }, (_, i) => ({ width: cols, height: rows, channels: 1, data: images.subarray(i * rows * cols, (i + 1) * rows * cols) }));
    const input = toModelInput(rasters, entry!.preprocessing);
    expect(input.dims).to.deep.equal([n, 1, 28, 28]);
    const session = await createSession(encodeModel(dynamic), { device: 'cpu' });
    try {
      const t0 = Date.now();
      const result = await runBatched(session, input.data, input.dims, { batchSize: 1000 });
      const logits = result.outputs[session.outputNames[0]!]!.data as Float32Array;
      let correct = 0;
      for (let i = 0; i < n; i++) if (topK(logits.subarray(i * 10, i * 10 + 10), 1)[0] === labels[i]) correct++;
      const accuracy = correct / n;
      const golden = (JSON.parse(readFileSync(sharedPath('models/golden/mnist.json'), 'utf8')) as { models: Record<string, { scale_0_1: { accuracy: number } }> }).models['mnist-8.onnx']!.scale_0_1.accuracy;
      console.log(`      mnist-8: ${(100 * accuracy).toFixed(2)}% on ${n} digits in ${Date.now() - t0} ms (${result.runs} runs of ${result.batchSize})`);
      expect(accuracy).to.be.at.least(0.988);
      expect(Math.abs(accuracy - golden)).to.be.below(0.0015);
    } finally {
      session.dispose();
    }
  });
});

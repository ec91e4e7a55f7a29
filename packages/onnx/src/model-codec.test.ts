import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Long from 'long';
import { isKenobiError } from '@kenobi/core';
import { needShared } from '../../../test/support/shared.js';
import { decodeModel, encodeModel } from './model-codec.js';
import { loadModelFile } from './model-file.node.js';
import { toBigInt, toSafeNumber } from './long-number.js';
import { onnx } from '../generated/onnx-proto.js';
import { writeWire, type WireField } from './fuzz/protobuf-wire.js';
import { maxAbsDiff, runOrt, seededInput, forEachSharedModel } from './test-support/shared-models.js';

function expectOnnxError(fn: () => unknown, code: string, mention: string): void {
  try {
    fn();
  } catch (e) {
    expect(isKenobiError(e, code), `expected ${code}, got ${(e as Error).message}`).to.equal(true);
    expect((e as Error).message).to.contain(mention);
    return;
  }
  expect.fail(`expected ${code}`);
}

describe('@kenobi/onnx codec', () => {
  it('rejects an empty file with onnx/empty naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kenobi-onnx-'));
    writeFileSync(join(dir, 'empty.onnx'), new Uint8Array(0));
    expectOnnxError(() => loadModelFile(join(dir, 'empty.onnx')), 'onnx/empty', 'empty.onnx');
  });

  it('rejects the first 60% of mnist-8 with onnx/truncated', function () {
    const path = needShared(this, 'models/mnist-8.onnx');
    const bytes = readFileSync(path);
    expectOnnxError(() => decodeModel(bytes.subarray(0, Math.floor(bytes.length * 0.6)), { source: 'mnist-8 (60%)' }), 'onnx/truncated', 'mnist-8 (60%)');
  });

  it('rejects a truncation at every tenth of mnist-8 with a typed error', function () {
    const bytes = readFileSync(needShared(this, 'models/mnist-8.onnx'));
    for (let k = 1; k < 10; k++) {
      expect(() => decodeModel(bytes.subarray(0, Math.floor((bytes.length * k) / 10)))).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'onnx/'));
    }
  });

  it('rejects a PNG and a text file with onnx/not-onnx', function () {
    const png = needShared(this, 'data/photos/chelsea.png');
    expectOnnxError(() => loadModelFile(png), 'onnx/not-onnx', 'chelsea.png');
    expectOnnxError(() => loadModelFile(needShared(this, 'models/SHA256SUMS')), 'onnx/not-onnx', 'a text file');
    expectOnnxError(() => decodeModel(new Uint8Array([0x12, 0x34, 0x56, 0x78, 0x9a]), { source: 'junk.bin' }), 'onnx/', 'junk.bin');
  });

  it('converts int64 Longs to numbers only when exact', () => {
    expect(toSafeNumber(Long.fromNumber(224))).to.equal(224);
    expect(toSafeNumber(-1)).to.equal(-1);
    expect(toBigInt(Long.MAX_VALUE)).to.equal(9223372036854775807n);
    expect(() => toSafeNumber(Long.MAX_VALUE)).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'onnx/unsafe-integer'));
  });

  forEachSharedModel('codec round trip', (m) => {
    it(`round-trips ${m.file} (decode -> encode) with identical ORT outputs`, async function () {
      const bytes = readFileSync(needShared(this, `models/${m.file}`));
      const again = encodeModel(decodeModel(bytes));
      const x = seededInput(m.inputShape);
      const a = await runOrt(bytes, x, m.inputShape);
      const b = await runOrt(again, x, m.inputShape);
      expect(Object.keys(b)).to.deep.equal(Object.keys(a));
      for (const k of Object.keys(a)) expect(maxAbsDiff(a[k]!.data, b[k]!.data), k).to.equal(0);
    });
  });

  it('reads tensors from external data files relative to the model', async function () {
    const bytes = readFileSync(needShared(this, 'models/cnn_mnist_pytorch.onnx'));
    const model = decodeModel(bytes);
    const dir = mkdtempSync(join(tmpdir(), 'kenobi-ext-'));
    const chunks: Uint8Array[] = [];
    let offset = 0;
    for (const t of model.graph!.initializer!) {
      const raw = t.raw_data!;
      t.external_data = [{ key: 'location', value: 'weights.bin' }, { key: 'offset', value: String(offset) }, { key: 'length', value: String(raw.length) }];
      t.data_location = onnx.TensorProto.DataLocation.EXTERNAL;
      chunks.push(raw.slice());
      offset += raw.length;
      t.raw_data = new Uint8Array(0);
    }
    writeFileSync(join(dir, 'weights.bin'), Buffer.concat(chunks));
    writeFileSync(join(dir, 'model.onnx'), encodeModel(model));
    const loaded = loadModelFile(join(dir, 'model.onnx'));
    const x = seededInput([1, 1, 28, 28]);
    const a = await runOrt(bytes, x, [1, 1, 28, 28]);
    const b = await runOrt(loaded, x, [1, 1, 28, 28]);
    expect(maxAbsDiff(a['21']!.data, b['21']!.data)).to.equal(0);
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(10));
    expectOnnxError(() => loadModelFile(join(dir, 'model.onnx')), 'onnx/external-data', 'weights.bin');
  });
});

describe('@kenobi/onnx codec on hostile bytes', () => {
  it('calls messages nested past the decoder limit invalid, not truncated', () => {
    // Subgraphs nested 60 levels deep (NodeProto.attribute 5 → AttributeProto.g 6 → GraphProto.node 1):
    // protobufjs stops at 100 nested messages, so these bytes can only be written at the wire level.
    const text = (field: number, v: string): WireField => ({ field, wireType: 2, raw: new TextEncoder().encode(v) });
    let node: WireField = { field: 1, wireType: 2, raw: new Uint8Array(0), children: [text(1, 'x'), text(2, 'y'), text(4, 'Identity')] };
    for (let k = 0; k < 60; k++) {
      const graph: WireField = { field: 6, wireType: 2, raw: new Uint8Array(0), children: [node] };
      const attribute: WireField = { field: 5, wireType: 2, raw: new Uint8Array(0), children: [text(1, 'then_branch'), { field: 20, wireType: 0, raw: Uint8Array.of(5) }, graph] };
      node = { field: 1, wireType: 2, raw: new Uint8Array(0), children: [text(1, 'x'), text(2, `o${k}`), text(4, 'If'), attribute] };
    }
    const bytes = writeWire([{ field: 1, wireType: 0, raw: Uint8Array.of(8) }, { field: 7, wireType: 2, raw: new Uint8Array(0), children: [node] }]);
    expectOnnxError(() => decodeModel(bytes, { source: 'deep.onnx' }), 'onnx/invalid', 'nested deeper');
  });
});

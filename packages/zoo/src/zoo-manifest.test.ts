import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { Ajv } from 'ajv';
import { readZooManifest, zooManifestPath } from './node/load-catalog.js';
import { ZooCatalog } from './zoo-catalog.js';
import { UnknownModelError } from './zoo-errors.js';
import { needShared, repoRoot } from './test-support/shared-models.js';

const ISSUE_IDS = [
  'mnist-8', 'mnist-12', 'bvlcalexnet-12', 'caffenet-12', 'vgg16-12', 'vgg16-bn-7', 'vgg19-7',
  ...[18, 34, 50, 101, 152].flatMap((d) => [`resnet${d}-v1-7`, `resnet${d}-v2-7`]),
  'googlenet-12', 'inception-v1-12', 'inception-v2-9', 'squeezenet1.1-7', 'mobilenetv2-12', 'mobilenetv2-12-int8',
  'shufflenet-v2-12', 'shufflenet-v2-12-int8',
  'densenet121-keras', 'cifar10-resnet20', 'mobilenetv2-12-int8-dequantized-fp32', 'shufflenet-v2-12-int8-dequantized-fp32',
];

describe('models/zoo.json', () => {
  const manifest = readZooManifest();

  it('validates against models/zoo.schema.json', () => {
    const schema = JSON.parse(readFileSync(resolve(repoRoot, 'models/zoo.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
    const ok = validate(manifest);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).to.deep.equal([]);
    expect(ok).to.equal(true);
    expect(zooManifestPath()).to.match(/models\/zoo\.json$/);
  });

  it('the schema rejects a broken entry (bad sha256, missing preprocessing)', () => {
    const schema = JSON.parse(readFileSync(resolve(repoRoot, 'models/zoo.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
    const bad = structuredClone(manifest) as unknown as { models: Array<Record<string, unknown> & { file: { sha256: string } }> };
    bad.models[0]!.file.sha256 = 'xyz';
    delete bad.models[1]!.preprocessing;
    expect(validate(bad)).to.equal(false);
    expect(validate.errors!.map((e) => e.instancePath).join(' ')).to.include('/models/0/file/sha256');
  });

  it('has every id the issue lists, each id once, with label sets that exist', () => {
    const ids = manifest.models.map((m) => m.id);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const id of ISSUE_IDS) expect(ids, id).to.include(id);
    for (const m of manifest.models) expect(manifest.labelSets, `${m.id} labels`).to.have.property(m.labels);
  });

  it("every zoo entry's sha256, size, path, opset and URL equal onnx-zoo-manifest.json", function () {
    const zoo = JSON.parse(readFileSync(needShared(this, 'models/onnx-zoo-manifest.json'), 'utf8')) as { entries: Array<{ path: string; sha256: string; size: number; opset: number; license: string; url: string }> };
    const byPath = new Map(zoo.entries.map((e) => [e.path, e]));
    const zooModels = manifest.models.filter((m) => m.source === 'onnx-zoo');
    expect(zooModels.length).to.be.greaterThan(80);
    for (const m of zooModels) {
      const ref = byPath.get(m.file.path!);
      expect(ref, m.id).to.not.equal(undefined);
      expect([m.file.sha256, m.file.size, m.opset, m.license, m.file.url], m.id).to.deep.equal([ref!.sha256, ref!.size, ref!.opset, ref!.license, ref!.url]);
      if (m.archive) expect(byPath.get(m.archive.path!)?.sha256, `${m.id} archive`).to.equal(m.archive.sha256);
    }
  });

  it('offline-only entries and label files match the mirror sha256 sums', function () {
    const sums = readFileSync(needShared(this, 'models/SHA256SUMS'), 'utf8');
    const pinned = new Map(sums.trim().split('\n').map((l) => { const [sha, name] = l.split(/\s+/); return [name!, sha!]; }));
    for (const m of manifest.models.filter((x) => x.source === 'offline-only')) {
      expect(m.file.url, m.id).to.equal(undefined);
      expect(pinned.get(m.file.name), m.id).to.equal(m.file.sha256);
    }
  });

  it('suggests the nearest ids for an unknown one', () => {
    const catalog = new ZooCatalog(manifest);
    expect(() => catalog.get('resnet50')).to.throw(UnknownModelError, /did you mean 'resnet50-/);
    expect(() => catalog.get('mobilenetv2-12-int9')).to.throw(UnknownModelError).with.nested.property('suggestions[0]', 'mobilenetv2-12-int8');
    expect(catalog.list({ family: 'vgg' }).every((m) => m.family === 'vgg')).to.equal(true);
    expect(catalog.bySha256(catalog.get('mnist-8').file.sha256)?.id).to.equal('mnist-8');
  });
});

/**
 * Test support (tests only): a one-model manifest whose file is served by a local test server.
 */
import { createHash } from 'node:crypto';
import { ZooCatalog } from '../zoo-catalog.js';
import { preprocessingPreset } from '../preprocessing-presets.js';
import type { ZooEntry, ZooManifest } from '../zoo-types.js';

/**
 * Deterministic pseudo-random bytes and a catalog with one entry `test-model` pinned to them at `url`.
 *
 * @example
 * ```ts
 * const { bytes, catalog } = fakeZoo('http://127.0.0.1:1234/file', 200_000);
 * ```
 */
export function fakeZoo(url: string, size = 300_000): { bytes: Uint8Array; catalog: ZooCatalog; entry: ZooEntry } {
  const bytes = new Uint8Array(size);
  let x = 12345;
  for (let i = 0; i < size; i++) { x = (x * 1103515245 + 12345) >>> 0; bytes[i] = x >>> 24; }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const entry: ZooEntry = {
    id: 'test-model', family: 'user', license: 'MIT', opset: 13, source: 'onnx-zoo',
    file: { name: 'test-model.onnx', url, sha256, size },
    input: { name: 'input', layout: 'NCHW', shape: ['N', 3, 224, 224] }, batch: 'dynamic',
    preprocessing: preprocessingPreset('imagenet'), labels: 'none', output: { kind: 'logits' },
    featureTensors: [], featureTensorSource: 'auto-on-first-load',
  };
  const manifest: ZooManifest = { version: 1, labelSets: { none: { kind: 'inline', count: 1, names: ['x'] } }, models: [entry] };
  return { bytes, catalog: new ZooCatalog(manifest), entry };
}

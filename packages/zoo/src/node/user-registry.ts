/**
 * Node-only. The user registry: models a user imported with `kenobi models import`, kept beside the cache in
 * `<cache>/user-models.json`; their files are copied into the content-addressed cache.
 */
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ZooEntry, ZooPreprocessing, FeatureTensor } from '../zoo-types.js';
import { RegistryError } from '../zoo-errors.js';
import { CacheLayout } from './cache-layout.js';
import { fileSha256 } from './file-sha256.js';
import { writeStamp } from './verified-stamps.js';

const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * The user's registered entries (empty when there is no registry yet).
 *
 * @example
 * ```ts
 * readUserRegistry('/home/me/.cache/kenobi/user-models.json'); // [{ id: 'my-lens-cnn', source: 'user', … }]
 * ```
 */
export function readUserRegistry(path: string): ZooEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  try {
    const parsed = JSON.parse(text) as { models?: ZooEntry[] };
    return Array.isArray(parsed.models) ? parsed.models : [];
  } catch (e) {
    throw new RegistryError(`user registry ${path} is not valid JSON: ${(e as Error).message}`, `fix or delete ${path}`);
  }
}

/**
 * What a caller learned about the model file (from @kenobi/onnx: the input, opset, auto feature layer).
 *
 * @example
 * ```ts
 * const facts: ImportFacts = { inputName: 'input', inputShape: ['N', 3, 224, 224], opset: 13,
 *   featureTensor: { name: 'avg_pool', shape: ['N', 1024], pooling: 'none' } };
 * ```
 */
export interface ImportFacts {
  readonly inputName: string;
  readonly inputShape: ReadonlyArray<number | string>;
  readonly opset: number;
  readonly outputName?: string;
  readonly featureTensor?: FeatureTensor;
}

/**
 * Copies `file` into the cache (content-addressed, atomic) and registers it under `id`.
 * Refuses an id the zoo already uses (`zooIds`) unless it is the user's own, which `replace` overwrites.
 *
 * @example
 * ```ts
 * const entry = await importUserModel('lens.onnx', { id: 'my-lens-cnn', preprocessing: preprocessingPreset('imagenet'), facts, zooIds });
 * entry.file.sha256; // 'e3b0…'
 * ```
 */
export async function importUserModel(
  file: string,
  options: { id: string; preprocessing: ZooPreprocessing; facts: ImportFacts; zooIds: ReadonlySet<string>; cacheDir?: string; replace?: boolean; license?: string },
): Promise<ZooEntry> {
  const { id, facts } = options;
  if (!ID_PATTERN.test(id)) throw new RegistryError(`invalid id '${id}'`, 'use lower-case letters, digits, ".", "_" and "-", starting with a letter or digit');
  if (options.zooIds.has(id)) throw new RegistryError(`'${id}' is a zoo model id`, 'choose another --id');
  const layout = new CacheLayout(options.cacheDir);
  const existing = readUserRegistry(layout.userRegistry);
  if (existing.some((e) => e.id === id) && !options.replace) throw new RegistryError(`'${id}' is already registered`, 'use --replace to overwrite it');
  const sha256 = await fileSha256(file);
  const size = (await stat(file)).size;
  const name = basename(file);
  const target = layout.blob(sha256, name);
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${layout.partial(sha256)}.import-${process.pid}`;
  await mkdir(dirname(tmp), { recursive: true });
  await copyFile(file, tmp);
  if ((await fileSha256(tmp)) !== sha256) { await rm(tmp, { force: true }); throw new RegistryError(`${file} changed while being imported`); }
  await rename(tmp, target);
  await writeStamp(target, layout.stamp(sha256));
  const dynamic = typeof facts.inputShape[0] !== 'number' || (facts.inputShape[0] as number) <= 0;
  const entry: ZooEntry = {
    id, family: 'user', license: options.license ?? 'user-supplied', opset: facts.opset, source: 'user',
    origin: `imported from ${file}`,
    file: { name, sha256, size },
    input: { name: facts.inputName, layout: options.preprocessing.layout, shape: facts.inputShape, dtype: 'float32' },
    batch: dynamic ? 'dynamic' : facts.inputShape[0] === 1 ? 'fixed-1' : 'unknown',
    preprocessing: options.preprocessing,
    labels: 'none',
    output: { ...(facts.outputName ? { name: facts.outputName } : {}), kind: 'logits' },
    featureTensors: facts.featureTensor ? [facts.featureTensor] : [],
    featureTensorSource: 'user', factsSource: 'user',
  };
  const models = [...existing.filter((e) => e.id !== id), entry];
  mkdirSync(dirname(layout.userRegistry), { recursive: true });
  const regTmp = `${layout.userRegistry}.${process.pid}.tmp`;
  writeFileSync(regTmp, `${JSON.stringify({ version: 1, models }, null, 1)}\n`);
  renameSync(regTmp, layout.userRegistry);
  return entry;
}

/**
 * Test support: a tiny seeded CNN and small synthetic datasets (PNG catalogs, .npy stacks) written to a temp
 * folder, so pipeline tests run in seconds.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom, writeNpy } from '@kenobi/core';
import { encodePng } from '@kenobi/imaging';
import { encodeModel, GraphBuilder } from '@kenobi/onnx';
import type { ExtractOptions } from '../pipeline/extract-options.js';

/** The preprocessing of the tiny model: 16×16 RGB, ImageNet-like normalisation. */
export const TINY_PREPROCESSING = Object.freeze({
  inputSize: [16, 16] as [number, number], channels: 3, resize: 'exact' as const, crop: 'none' as const, scale: '0-1' as const,
  mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3], channelOrder: 'RGB' as const, layout: 'NCHW' as const,
});

/**
 * A seeded Conv → Relu → GlobalAveragePool → Flatten → Gemm classifier on [N, 3, 16, 16]; the auto feature
 * tensor is the flattened pool ([N, 8]).
 */
export function tinyModelBytes(options: { batch?: 'N' | 1 } = {}): Uint8Array {
  const b = new GraphBuilder({ seed: 11 });
  let x = b.input('input', 'float32', [options.batch ?? 'N', 3, 16, 16]);
  x = b.relu(b.conv(x, { outChannels: 8, kernel: 3, pad: 1, bias: true, biasInit: { uniform: 0.1 } }));
  x = b.flatten(b.globalAveragePool(x), { name: 'features' });
  b.output(b.dense(x, { units: 4 }));
  return encodeModel(b.build());
}

/** Extraction options for the tiny model (everything but `out`). */
export function tinyOptions(out: string, extra: Partial<ExtractOptions> = {}): ExtractOptions {
  return { model: { bytes: tinyModelBytes(), id: 'tiny' }, preprocessing: { ...TINY_PREPROCESSING }, out, batchSize: 4, workers: 1, rowsPerPart: 5, device: 'cpu', ...extra };
}

/** A random 8-bit RGB PNG of `size`×`size` (sizes vary, so resizing is exercised). */
export function randomPng(rng: SeededRandom, size: number): Uint8Array {
  const data = new Uint8Array(size * size * 3);
  for (let i = 0; i < data.length; i++) data[i] = rng.int(256);
  return encodePng({ width: size, height: size, channels: 3, data });
}

/**
 * Writes `n` PNGs and `catalog.csv` (id, path, label, mag) into `dir`; returns the catalog path.
 */
export function writePngCatalog(dir: string, n: number, options: { seed?: number; corruptRows?: readonly number[] } = {}): string {
  const rng = new SeededRandom(options.seed ?? 1);
  mkdirSync(join(dir, 'img'), { recursive: true });
  const lines = ['id,path,label,mag'];
  for (let i = 0; i < n; i++) {
    const file = `img/obj${i}.png`;
    const corrupt = options.corruptRows?.includes(i + 2) ?? false;
    writeFileSync(join(dir, file), corrupt ? new TextEncoder().encode('this is not an image') : randomPng(rng, 12 + (i % 9)));
    lines.push(`obj${i},${file},${['lens', 'nonlens', 'ring'][i % 3]},${(18 + (i % 7) * 0.5).toFixed(1)}`);
  }
  writeFileSync(join(dir, 'catalog.csv'), `${lines.join('\n')}\n`);
  return join(dir, 'catalog.csv');
}

/** Writes an .npy stack float32 [n, 16, 16, 3] of seeded values; returns its path. */
export function writeNpyStack(path: string, n: number, seed = 3): string {
  const rng = new SeededRandom(seed);
  const data = Float32Array.from({ length: n * 16 * 16 * 3 }, () => rng.normal());
  writeFileSync(path, writeNpy(data, [n, 16, 16, 3]));
  return path;
}

/**
 * The synthetic survey of the scale benchmark: small cutouts (16×16×3 uint8, a Gaussian blob on noise) in
 * `.npy` stacks of `perStack` images, a LeNet-sized CNN for 16×16 inputs, and the same CNN exported with a
 * head for `kenobi predict`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeNpy } from '@kenobi/core';
import type { Dataset, DatasetItem } from '@kenobi/features';
import { exportModel, linearHead, type GraphPreprocessing } from '@kenobi/learn';
import { encodeModel, GraphBuilder, type ModelProto } from '@kenobi/onnx';

/** The cutout side (pixels) and channels. */
export const SIZE = 16;
export const CHANNELS = 3;

/** The extraction preprocessing: exact size, 0–1 scaling, per-channel mean/std. */
export const PREPROCESSING = Object.freeze({
  inputSize: [SIZE, SIZE] as [number, number], channels: CHANNELS, resize: 'exact' as const, crop: 'none' as const, scale: '0-1' as const,
  mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], channelOrder: 'RGB' as const, layout: 'NCHW' as const,
});

/**
 * Writes `rows` cutouts as ceil(rows / perStack) `.npy` stacks; returns their paths. A cheap hash makes the
 * noise (seeded by the image index), so the same rows are written every run.
 */
export function writeCutoutStacks(dir: string, rows: number, perStack: number): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const px = SIZE * SIZE * CHANNELS;
  for (let s = 0; s * perStack < rows; s++) {
    const n = Math.min(perStack, rows - s * perStack);
    const data = new Uint8Array(n * px);
    for (let i = 0; i < n; i++) {
      const g = s * perStack + i;
      const cx = 4 + (g % 9), cy = 4 + ((g >> 3) % 9), sigma2 = 2 * (1 + (g % 5)) ** 2, amp = 120 + (g % 100);
      let h = (g * 2654435761) >>> 0;
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) {
          const blob = amp * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / sigma2);
          for (let c = 0; c < CHANNELS; c++) {
            h = (h ^ (h << 13)) >>> 0; h = (h ^ (h >>> 17)) >>> 0; h = (h ^ (h << 5)) >>> 0;
            data[i * px + (y * SIZE + x) * CHANNELS + c] = Math.min(255, 20 + (h & 31) + blob * (1 - 0.2 * c));
          }
        }
      }
    }
    const file = join(dir, `stack-${String(s).padStart(5, '0')}.npy`);
    writeFileSync(file, writeNpy(data, [n, SIZE, SIZE, CHANNELS]));
    files.push(file);
  }
  return files;
}

/** The stacks as one dataset, in order (what a catalog of these cutouts would load as). */
export function stackDataset(files: readonly string[], perStack: number, rows: number): Dataset {
  const items: DatasetItem[] = new Array(rows);
  for (let g = 0; g < rows; g++) {
    items[g] = { row: g + 1, id: String(g), source: { kind: 'stack', path: files[Math.floor(g / perStack)]!, index: g % perStack, layout: 'NHWC' } };
  }
  return { kind: 'npy-stack', source: files[0]!, items, classNames: [], targetNames: [], bandNames: [] };
}

/**
 * LeNet-5 shaped for 16×16×3: conv 5×5 (6) → relu → max-pool 2 → conv 5×5 (16) → relu → max-pool 2 →
 * dense 120 → relu → dense 84 (`features`) → relu → dense 10. 21k parameters.
 */
export function lenet(seed = 5): ModelProto {
  const b = new GraphBuilder({ name: 'lenet16', seed });
  let x = b.input('input', 'float32', ['N', CHANNELS, SIZE, SIZE]);
  x = b.maxPool(b.relu(b.conv(x, { outChannels: 6, kernel: 5, pad: 2 })), { kernel: 2, stride: 2 });
  x = b.maxPool(b.relu(b.conv(x, { outChannels: 16, kernel: 5 })), { kernel: 2, stride: 2 });
  x = b.relu(b.dense(b.flatten(x), { units: 120 }));
  x = b.identity(b.dense(x, { units: 84 }), { name: 'features' });
  b.output(b.dense(b.relu(x), { units: 10 }));
  return b.build();
}

/** The LeNet bytes for extraction. */
export function lenetBytes(): Uint8Array {
  return encodeModel(lenet());
}

/** LeNet cut at `features` + a linear head on 2 classes, preprocessing in the graph: what kenobi export makes. */
export function lenetExport(): ModelProto {
  const preprocessing = { ...PREPROCESSING } as unknown as GraphPreprocessing;
  return exportModel({ backbone: lenet(), tensor: 'features', pool: 'none', head: linearHead({ inputs: 84, classes: 2, seed: 1 }), classes: ['a', 'b'], preprocessing, mcDropout: false });
}

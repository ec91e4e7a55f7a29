/**
 * Test support: features computed the plain way, one image at a time (decode, `prepareImage`, one run of the
 * cut model), to check the batched, threaded pipeline against.
 */
import { createSession } from '@kenobi/runtime';
import type { DatasetItem } from '../dataset/dataset.js';
import { ItemReader } from '../pipeline/decode-item.node.js';
import { prepareImage, type ImagePreprocessing } from '../pipeline/image-preprocessing.js';

/** Runs `cutModel` on each item alone (batch 1) and returns the rows, row-major. */
export async function referenceFeatures(cutModel: Uint8Array, items: readonly DatasetItem[], preprocessing: ImagePreprocessing, bandNames: readonly string[] = []): Promise<Float32Array[]> {
  const session = await createSession(cutModel, { device: 'cpu' });
  const reader = new ItemReader();
  const [h, w] = preprocessing.config.inputSize;
  const c = preprocessing.config.channels ?? preprocessing.config.mean.length;
  const rows: Float32Array[] = [];
  try {
    for (const item of items) {
      const x = prepareImage(await reader.read(item), bandNames, { ...preprocessing, tta: 'none' });
      const out = await session.run({ [session.inputNames[0]!]: { data: x, dims: [1, c, h, w] } });
      rows.push(Float32Array.from(out[session.outputNames[0]!]!.data as Float32Array));
    }
  } finally {
    await session.dispose();
  }
  return rows;
}

/** Largest |a − b| over rows of a `[rows, dim]` matrix against reference rows. */
export function maxAbsDifference(X: Float32Array, dim: number, reference: readonly Float32Array[], rowIndices: readonly number[] = reference.map((_, i) => i)): number {
  let worst = 0;
  reference.forEach((ref, k) => {
    const r = rowIndices[k]!;
    for (let j = 0; j < dim; j++) worst = Math.max(worst, Math.abs(X[r * dim + j]! - ref[j]!));
  });
  return worst;
}

/**
 * fc1 features (tensor '18', Relu(fc1), 50-d) of cnn_mnist_pytorch.onnx for the first N MNIST test digits:
 * the model's batch is fixed at 1, so it is made batch-dynamic and cut at '18' with @kenobi/onnx, then run
 * in batches on onnxruntime-node through @kenobi/runtime.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { cutAtTensor, decodeModel, makeBatchDynamic } from '@kenobi/onnx';
import { createSession } from '@kenobi/runtime';
import { matrix, type Matrix } from '../matrix.js';

/** Features and labels of the first `n` test digits, preprocessed as (x/255 − 0.1307)/0.3081. */
export async function mnistFc1Features(modelPath: string, imagesPath: string, labelsPath: string, n: number): Promise<{ x: Matrix<Float32Array>; y: Int32Array }> {
  const images = gunzipSync(readFileSync(imagesPath));
  const labels = gunzipSync(readFileSync(labelsPath));
  const model = cutAtTensor(makeBatchDynamic(decodeModel(readFileSync(modelPath))), '18');
  const session = await createSession(model, { device: 'cpu' });
  try {
    const batch = 500;
    const out = new Float32Array(n * 50);
    for (let start = 0; start < n; start += batch) {
      const b = Math.min(batch, n - start);
      const pixels = new Float32Array(b * 784);
      for (let i = 0; i < pixels.length; i++) pixels[i] = (images[16 + start * 784 + i]! / 255 - 0.1307) / 0.3081;
      const r = await session.run({ [session.inputNames[0]!]: { data: pixels, dims: [b, 1, 28, 28] } });
      const t = r[session.outputNames[0]!]!;
      out.set(t.data as Float32Array, start * 50);
    }
    return { x: matrix(out, n, 50), y: Int32Array.from(labels.subarray(8, 8 + n)) };
  } finally {
    await session.dispose();
  }
}

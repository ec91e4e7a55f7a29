/**
 * Test support: a tiny exported model (GraphBuilder backbone + MLP head with dropout, preprocessing in the
 * graph) and a folder of small RGB PNGs, for `kenobi predict` tests that need no shared models.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from '@kenobi/imaging';
import { exportModel, mlpHead, type GraphPreprocessing } from '@kenobi/learn';
import { GraphBuilder, type ModelProto } from '@kenobi/onnx';

/** pixels [N, 3, 16, 16] → conv(6) → relu → GAP → flatten (`pooled`, [N, 6]) → MLP(12, dropout 0.4) → 3 classes. */
export function tinyExport(options: { mcDropout: boolean; seed?: number }): ModelProto {
  const seed = options.seed ?? 11;
  const b = new GraphBuilder({ name: 'tiny-backbone', seed });
  const x = b.input('input', 'float32', ['N', 3, 16, 16]);
  const f = b.relu(b.conv(x, { outChannels: 6, kernel: 3, pad: 1, bias: true, name: 'conv' }));
  const pooled = b.flatten(b.globalAveragePool(f), { name: 'pooled' });
  b.output(b.softmax(b.dense(pooled, { units: 10, name: 'fc' })));
  const preprocessing = {
    inputSize: [16, 16], resize: 'exact', crop: 'none', scale: '0-1', mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], channelOrder: 'RGB', layout: 'NCHW',
  } as unknown as GraphPreprocessing;
  return exportModel({
    backbone: b.build(), tensor: 'pooled', pool: 'none', head: mlpHead({ inputs: 6, hidden: [12], dropout: 0.4, classes: 3, seed: seed + 1 }),
    classes: ['a', 'b', 'c'], preprocessing, mcDropout: options.mcDropout,
  });
}

/** Writes `count` 16×16 RGB PNGs (different patterns) into `dir/<class>/` folders; returns `dir`. */
export function writeTinyImages(dir: string, count: number): string {
  for (let k = 0; k < count; k++) {
    const cls = ['a', 'b', 'c'][k % 3]!;
    mkdirSync(join(dir, cls), { recursive: true });
    const data = Uint8Array.from({ length: 16 * 16 * 3 }, (_, i) => (i * (k + 2) * 13 + k * 31) % 256);
    writeFileSync(join(dir, cls, `img${k}.png`), encodePng({ width: 16, height: 16, channels: 3, data }));
  }
  return dir;
}

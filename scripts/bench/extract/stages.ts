/**
 * Micro-benchmark of the decode worker's per-image stages on GZ1 JPEGs: CPU ms per image for decodeJpeg
 * (libjpeg-turbo in WebAssembly), resize, centre crop + normalisation (toModelInput), and prepareImage end to
 * end. Run:
 *   node --conditions=@kenobi/source --import tsx scripts/bench/extract/stages.ts [count]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { decodeJpeg, resize, toModelInput, fitToSize, type PreprocessingConfig, type Raster } from '@kenobi/imaging';
import { prepareImage } from '../../../packages/features/src/pipeline/image-preprocessing.js';

const shared = resolve(process.env.KENOBI_SHARED ?? new URL('../../../../shared', import.meta.url).pathname);
const dir = `${shared}/data/labeled/gz1_sdss/images`;
const count = Number(process.argv[2] ?? 50);
const files = readdirSync(dir).filter((f) => f.endsWith('.jpeg')).sort().slice(0, count);
const bytes = files.map((f) => new Uint8Array(readFileSync(`${dir}/${f}`)));
const config: PreprocessingConfig = {
  inputSize: [224, 224], resize: 'shorter-side', resizeSize: 256, crop: 'center', scale: '0-1',
  mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], layout: 'NCHW', channelOrder: 'RGB',
} as PreprocessingConfig;

async function cpu(label: string, reps: number, fn: () => unknown): Promise<void> {
  await fn();
  const t = process.cpuUsage();
  for (let r = 0; r < reps; r++) await fn();
  const d = process.cpuUsage(t);
  console.log(`${label.padEnd(36)} ${((d.user + d.system) / 1000 / reps / bytes.length).toFixed(2)} ms/img`);
}
const decoded: Raster[] = [];
for (const b of bytes) decoded.push(await decodeJpeg(b));
const resized = decoded.map((r) => resize(r, 256, 256));
const hash = createHash('sha256');
for (const r of decoded) hash.update(r.data);
const h1 = hash.digest('hex').slice(0, 16);
const h2 = createHash('sha256');
for (const r of decoded) h2.update(Buffer.from(prepareImage(r, [], { config, tta: 'none' }).buffer));
console.log(`images ${bytes.length}; decode hash ${h1}; prepared hash ${h2.digest('hex').slice(0, 16)}`);
await cpu('decodeJpeg (libjpeg-turbo WASM)', 3, async () => { for (const b of bytes) await decodeJpeg(b); });
await cpu('resize 423->256', 3, () => { for (const r of decoded) resize(r, 256, 256); });
await cpu('fitToSize (resize+crop)', 3, () => { for (const r of decoded) fitToSize(r, config); });
await cpu('toModelInput on 256x256 (crop+norm)', 3, () => { for (const r of resized) toModelInput(r, config); });
await cpu('prepareImage (from decoded)', 3, () => { for (const r of decoded) prepareImage(r, [], { config, tta: 'none' }); });
await cpu('decode + prepareImage', 3, async () => { for (const b of bytes) prepareImage(await decodeJpeg(b), [], { config, tta: 'none' }); });

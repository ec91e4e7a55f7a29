/**
 * The browser app's entry (bundled by `scripts/build-app.ts` into `dist-app/app.js`): load a model, drop
 * images, see them stretched, get class probabilities on WebGPU or WASM. URL parameters: `device`
 * (auto | webgpu | wasm, default auto) and `samples` (MC-dropout passes, default 30).
 */
import { isDevice, type Device } from '@kenobi/runtime';
import { env } from 'onnxruntime-web';
import { decodeGroups, type LoadedImage } from '../images/decode-groups.js';
import { decodeImageFiles, type DecodedImage } from '../images/decode-image-file.js';
import type { DecodeReply } from '../images/decode-request.js';
import { fileKind, groupImageFiles } from '../images/image-files.js';
import { WorkerDecoder, type SpawnDecodeWorker } from '../images/worker-decoder.js';
import { prepareModelInput } from '../images/prepare-input.js';
import type { PreviewMode } from '../images/preview-pixels.js';
import { classifyImage } from '../inference/classify-image.js';
import type { ResultRow } from '../inference/results-csv.js';
import type { ImagePreparation } from '../model/model-info.js';
import { configureOrtAssets, ORT_ASSET_DIR } from '../ort-assets.js';
import { byId } from './dom.js';
import { fetchServerModel, loadModel, type LoadedModel } from './model-panel.js';
import { showPreview } from './preview-view.js';
import { showResults } from './results-view.js';

const params = new URLSearchParams(location.search);
const requested = params.get('device') ?? 'auto';
const device: Device = isDevice(requested) ? requested : 'auto';
let model: LoadedModel | undefined;
let images: LoadedImage<File>[] = [];
let selected = 0;
let runId = 0;

/** The decode worker (`decode-worker.js`, beside `app.js`; the CSP's worker-src 'self' allows it). */
const spawnDecodeWorker: SpawnDecodeWorker = (onReply, onCrash) => {
  const w = new Worker(new URL('decode-worker.js', document.baseURI), { type: 'module' });
  w.onmessage = (e: MessageEvent<DecodeReply>) => onReply(e.data);
  w.onerror = (e) => {
    e.preventDefault();
    onCrash(e.message);
  };
  w.onmessageerror = () => onCrash('its answer could not be read');
  return { post: (request, transfer) => w.postMessage(request, transfer), stop: () => w.terminate() };
};
// NOTE: decoding off the page's thread, one file at a time with a time limit, so a hostile file (a gzip
// bomb, a header claiming 10^9 x 10^9 pixels, a decoder that hangs) costs that file, not the page.
const decoder = typeof Worker === 'function' ? new WorkerDecoder(spawnDecodeWorker) : undefined;
const decode = (contents: Uint8Array[], bands: readonly string[], names: readonly string[]): Promise<DecodedImage> =>
  decoder ? decoder.decode(contents, bands, names) : decodeImageFiles(contents, bands, names);

const intervalSelect = byId<HTMLSelectElement>('interval');
const stretchSelect = byId<HTMLSelectElement>('stretch');
const modeSelect = byId<HTMLSelectElement>('preview-mode');
const samplesInput = byId<HTMLInputElement>('samples');
samplesInput.value = params.get('samples') ?? samplesInput.value;

/** The preparation for FITS images: the model's, with the interval and stretch of the controls. */
function preparationFor(image: DecodedImage | undefined): ImagePreparation | undefined {
  if (!model) return undefined;
  const base = model.info.preparation;
  return image?.kind === 'raster' ? base : { ...base, interval: intervalSelect.value, stretch: stretchSelect.value };
}

function showError(e: unknown): void {
  const box = byId('error');
  const hint = (e as { hint?: string }).hint;
  box.textContent = e instanceof Error ? `${e.message}${hint && !e.message.includes(hint) ? ` (${hint})` : ''}` : String(e);
  box.hidden = false;
}

function setSelect(select: HTMLSelectElement, value: string | undefined, fallback: string): void {
  const v = value ?? fallback;
  if (![...select.options].some((o) => o.value === v)) select.add(new Option(v, v));
  select.value = v;
}

async function useModel(bytes: Uint8Array, name: string): Promise<void> {
  byId('error').hidden = true;
  const old = model;
  model = undefined;
  await old?.dispose();
  model = await loadModel(bytes, name, device);
  setSelect(intervalSelect, model.info.preparation.interval, 'minmax');
  setSelect(stretchSelect, model.info.preparation.stretch, 'linear');
  await run();
}

async function useImages(files: readonly File[]): Promise<void> {
  byId('error').hidden = true;
  const { groups, ignored } = groupImageFiles(files);
  if (ignored.length) showError(new Error(`ignored ${ignored.map((f) => f.name).join(', ')}: drop .fits, .png or .jpg files`));
  images = await decodeGroups(groups, decode);
  selected = 0;
  byId('image-count').textContent = images.length === 1 ? '1 image' : `${images.length} images`;
  await run();
}

function preview(index: number): void {
  const item = images[index];
  if (!item?.decoded) return;
  selected = index;
  const p = preparationFor(item.decoded) ?? { config: { inputSize: [1, 1], resize: 'none', crop: 'none', scale: '0-1', mean: [0], std: [1], channelOrder: 'RGB', layout: 'NCHW' }, interval: intervalSelect.value, stretch: stretchSelect.value };
  showPreview(item.decoded, p, modeSelect.value as PreviewMode, item.group.id);
}

async function run(): Promise<void> {
  const id = ++runId;
  const results = byId('results');
  preview(Math.min(selected, images.length - 1));
  if (!model || images.length === 0) return;
  results.dataset.state = 'running';
  const rows: ResultRow[] = [];
  const t0 = performance.now();
  for (const [k, item] of images.entries()) {
    if (id !== runId) return;
    byId('progress').textContent = `${k + 1} / ${images.length}`;
    if (!item.decoded) {
      rows.push({ id: item.group.id, error: item.error ?? 'not decoded' });
      continue;
    }
    try {
      const input = prepareModelInput(item.decoded, preparationFor(item.decoded)!);
      rows.push({ id: item.group.id, result: await classifyImage(model.split ?? model.session, model.info, input, { samples: Number(samplesInput.value) }) });
    } catch (e) {
      rows.push({ id: item.group.id, error: e instanceof Error ? e.message : String(e) });
    }
  }
  if (id !== runId) return;
  byId('progress').textContent = `${images.length} image${images.length > 1 ? 's' : ''} in ${((performance.now() - t0) / 1000).toFixed(2)} s on ${model.session.device}`;
  showResults(rows, model.info, (k) => preview(k));
}

function handleFiles(list: FileList | null): void {
  const files = [...(list ?? [])];
  const onnx = files.find((f) => fileKind(f.name) === 'onnx');
  const rest = files.filter((f) => f !== onnx);
  (async () => {
    if (onnx) await useModel(new Uint8Array(await onnx.arrayBuffer()), onnx.name);
    if (rest.length) await useImages(rest);
  })().catch(showError);
}

function wire(): void {
  const drop = byId('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); handleFiles(e.dataTransfer?.files ?? null); });
  byId<HTMLInputElement>('image-input').addEventListener('change', (e) => handleFiles((e.target as HTMLInputElement).files));
  byId<HTMLInputElement>('model-input').addEventListener('change', (e) => handleFiles((e.target as HTMLInputElement).files));
  for (const control of [intervalSelect, stretchSelect, samplesInput]) control.addEventListener('change', () => void run().catch(showError));
  modeSelect.addEventListener('change', () => preview(selected));
}

async function start(): Promise<void> {
  wire();
  configureOrtAssets(env, new URL(ORT_ASSET_DIR, document.baseURI).href);
  env.logLevel = 'error';
  byId('isolation').textContent = crossOriginIsolated ? `cross-origin isolated: WASM threads on (${env.wasm.numThreads ?? 'auto'})` : 'not cross-origin isolated: WASM runs on one thread';
  const served = await fetchServerModel();
  if (served) await useModel(served.bytes, `${served.name} (from the server)`);
  else {
    const status = byId('model-status');
    status.textContent = 'No model on the server: drop an exported .onnx file.';
    status.dataset.state = 'none';
  }
}

start().catch(showError);

/**
 * Loading a model (from the server's `/model.onnx` or a dropped `.onnx`) into a session on the best device,
 * and showing what it runs on and why.
 */
import { decodeModel, encodeModel, splitAtTensor } from '@kenobi/onnx';
import { createSession, type Device, type KenobiSession } from '@kenobi/runtime';
import type { SplitSessions } from '../inference/classify-image.js';
import { readModelInfo, type ModelInfo } from '../model/model-info.js';
import { byId, el } from './dom.js';

/** A loaded model. */
export interface LoadedModel {
  readonly name: string;
  readonly info: ModelInfo;
  /** The session that runs the backbone: the whole model, or its front part when {@link split} is set. */
  readonly session: KenobiSession;
  /** MC-dropout exports: the model split at `features` (backbone once per image, head once per sample). */
  readonly split?: SplitSessions;
  /** Releases every session. */
  dispose(): Promise<void>;
}

/**
 * Fetches the server's model (`/model.json` says whether there is one); undefined when there is none, or
 * when the page is not served by `kenobi serve`.
 *
 * @example
 * ```ts
 * const served = await fetchServerModel(); // { name: 'merged.onnx', bytes: Uint8Array }, or undefined without --model
 * ```
 */
export async function fetchServerModel(): Promise<{ name: string; bytes: Uint8Array } | undefined> {
  const listing = await fetch('model.json').then((r) => (r.ok ? (r.json() as Promise<{ model?: { name: string; url: string } | null }>) : undefined)).catch(() => undefined);
  if (!listing?.model) return undefined;
  const res = await fetch(listing.model.url);
  if (!res.ok) throw new Error(`GET ${listing.model.url}: HTTP ${res.status}`);
  return { name: listing.model.name, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/**
 * Reads the model, creates a session on `device` (auto: webgpu → wasm) and shows the device, the attempts
 * and the model's facts.
 *
 * @example
 * ```ts
 * const model = await loadModel(bytes, 'merged.onnx', 'auto');
 * model.session.device; // 'webgpu' or 'wasm'
 * ```
 */
export async function loadModel(bytes: Uint8Array, name: string, device: Device): Promise<LoadedModel> {
  const status = byId('model-status');
  status.dataset.state = 'loading';
  status.textContent = `Loading ${name}…`;
  const proto = decodeModel(bytes, { source: name });
  const info = readModelInfo(proto);
  // NOTE: ORT writes its C++ warnings (e.g. "some nodes were not assigned to the preferred execution
  // providers" for shape ops it keeps on the CPU) through console.error; keep its log to real errors.
  const sessionOptions = { logSeverityLevel: 3 as const };
  let session: KenobiSession;
  let split: SplitSessions | undefined;
  if (info.splitTensor) {
    const parts = splitAtTensor(proto, info.splitTensor);
    session = await createSession(encodeModel(parts.front), { device, softwareWebGpu: true, sessionOptions });
    // NOTE: the head is a few small Gemms plus the random masks, which have no WebGPU kernel: it runs on
    // WASM, where those masks are random, and its input (the features) is on the CPU already.
    const back = await createSession(encodeModel(parts.back), { device: 'wasm', sessionOptions }).catch(async (e: unknown) => {
      await session.dispose();
      throw e;
    });
    split = { front: session, back, tensor: info.splitTensor };
  } else {
    session = await createSession(bytes, { device, softwareWebGpu: true, sessionOptions });
  }
  showDevice(session, info);
  const [, c, h, w] = info.inputDims;
  status.replaceChildren(
    el('strong', {}, name),
    ` — input ${info.inputName} [${info.inputDims.join(', ')}], output ${info.probabilityOutput}`,
    info.classes.length ? `, classes: ${info.classes.join(', ')}` : '',
    info.preparationFromMetadata ? '' : ` (no preprocessing metadata: ${String(c)}×${String(h)}×${String(w)}, pixels in [0, 1])`,
    info.mcDropoutNodes.length ? ` · MC-dropout (${info.mcDropoutNodes.length} random node${info.mcDropoutNodes.length > 1 ? 's' : ''})` : '',
    split ? `; the backbone runs once per image and only the head after '${split.tensor}' once per sample` : '',
  );
  status.dataset.state = 'ready';
  return {
    name, info, session, ...(split ? { split } : {}),
    async dispose() {
      await session.dispose();
      await split?.back.dispose();
    },
  };
}

function showDevice(session: KenobiSession, info: ModelInfo): void {
  const device = byId('device');
  device.textContent = session.device;
  device.dataset.device = session.device;
  const failed = session.attempts.filter((a) => !a.ok);
  const chosen = session.attempts.find((a) => a.ok);
  const why = failed.length
    ? failed.map((a) => `${a.device} was not used: ${a.error ?? 'failed'}`).join('; ')
    : session.requested === 'auto' ? `${session.device} is the first choice and it works` : `${session.device} was asked for`;
  const cpuNote = session.device === 'webgpu' && info.cpuOnlyOps.length
    ? ` · ${info.cpuOnlyOps.join(', ')} ha${info.cpuOnlyOps.length > 1 ? 've' : 's'} no WebGPU kernel: those nodes run on the CPU (WASM)`
    : '';
  byId('device-reason').textContent = `${why}${chosen?.note ? ` (${chosen.note})` : ''}${cpuNote}`;
  byId('device-report').textContent = session.report();
}

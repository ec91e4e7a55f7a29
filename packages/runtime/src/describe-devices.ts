/**
 * The environment probe behind `kenobi doctor`: for each device of this platform, whether a session can be
 * made and run, and if not why; the ONNX Runtime versions; for WebGPU, the Conv canary's verdict.
 */
import { DEVICE_TABLE, type ConcreteDevice, type OrtPackage, type Platform, type Provider } from './devices.js';
import { createSessionOn } from './create-session.js';
import { probeModel } from './probe-model.js';
import type { RuntimePlatform } from './runtime-platform.js';
import { RuntimeError, type RuntimeErrorCode } from './runtime-error.js';
import { webgpuConvVerdict } from './webgpu-conv-check.js';

/** One device's state. @example `{ device: 'cuda', works: false, code: 'runtime/cuda-unavailable', reason: 'CUDA provider cannot load: missing ...', ms: 2, details: {} }` */
export interface DeviceStatus {
  readonly device: ConcreteDevice;
  readonly provider: Provider;
  readonly ortPackage: OrtPackage;
  readonly works: boolean;
  /** Why not, one line. */
  readonly reason?: string;
  readonly code?: RuntimeErrorCode;
  /** What to do about it. */
  readonly hint?: string;
  /** Time to create and run the probe session. */
  readonly ms: number;
  /** Extra facts: missing files, install command, Vulkan drivers, Conv canary verdict, adapter info. */
  readonly details: Readonly<Record<string, unknown>>;
}

/** What {@link describeDevicesOn} finds. @example `(await describeDevices()).devices.filter((d) => d.works).map((d) => d.device) // ['cpu', 'webgpu', 'wasm']` */
export interface DevicesReport {
  readonly platform: Platform;
  /** Versions of the ONNX Runtime packages that loaded, e.g. { 'onnxruntime-node': '1.30.0' }. */
  readonly versions: Readonly<Record<string, string>>;
  readonly devices: readonly DeviceStatus[];
  /** What `auto` picks for a model without affected Convs (null when nothing works). */
  readonly auto: ConcreteDevice | null;
  /** `auto`'s attempt report for that model. */
  readonly autoReport: string;
}

/**
 * Probes every device of `platform` (use `describeDevices()` from `@kenobi/runtime`, which binds it).
 *
 * @example
 * ```ts
 * const r = await describeDevicesOn(nodePlatform);
 * r.devices.map((d) => `${d.device}: ${d.works}`); // ['cpu: true', 'cuda: false', 'webgpu: true', 'wasm: true']
 * ```
 */
export async function describeDevicesOn(platform: RuntimePlatform): Promise<DevicesReport> {
  const table = DEVICE_TABLE[platform.platform];
  const versions: Record<string, string> = {};
  const devices: DeviceStatus[] = [];
  const { model, input, dims, expected } = probeModel();
  let autoReport = '';
  for (const device of ['cpu', 'cuda', 'webgpu', 'wasm'] as const) {
    const step = table[device][0];
    if (!step) continue;
    const t0 = performance.now();
    const facts = await platform.environmentFacts(step).catch((e: unknown) => ({ factsError: String(e) }));
    try {
      const loaded = await platform.loadOrt(step.ortPackage);
      versions[step.ortPackage] = loaded.version;
      const session = await createSessionOn(platform, model, { device, canary: false });
      try {
        const out = await session.run({ x: { data: input, dims } });
        const y = out.y!.data;
        if (!expected.every((v, i) => v === y[i])) throw new Error(`probe gave [${Array.from(y as Float32Array).join(', ')}], expected [${Array.from(expected).join(', ')}]`);
      } finally {
        await session.dispose();
      }
      const extra: Record<string, unknown> = {};
      if (step.provider === 'webgpu') {
        const v = await webgpuConvVerdict(loaded.ort);
        extra.convCanary = v.buggy ? `native WebGPU Conv bug present (max error ${v.maxAbsError.toPrecision(2)}): models with Convs of 6, 9, 15, ... input channels are kept off WebGPU` : 'passed';
      }
      devices.push({ device, provider: step.provider, ortPackage: step.ortPackage, works: true, ms: performance.now() - t0, details: { ...facts, ...extra } });
    } catch (e) {
      const err = e instanceof RuntimeError ? e : undefined;
      devices.push({
        device, provider: step.provider, ortPackage: step.ortPackage, works: false, ms: performance.now() - t0,
        reason: err ? stripHint(err.message, err.hint).replace(/^device '\w+': /, '') : (e instanceof Error ? e.message : String(e)).split('\n')[0]!,
        ...(err ? { code: err.code } : {}),
        ...(err?.hint ? { hint: err.hint } : {}),
        details: { ...facts, ...(err ? omit(err.details, ['attempts', 'report']) : {}) },
      });
    }
  }
  const auto = await createSessionOn(platform, model, { device: 'auto', canary: false }).then(
    async (s) => {
      autoReport = s.report();
      await s.dispose();
      return s.device;
    },
    () => null,
  );
  return Object.freeze({ platform: platform.platform, versions, devices, auto, autoReport });
}

/**
 * The report as aligned text lines (what `kenobi doctor` prints).
 *
 * @example
 * ```ts
 * console.log(formatDevicesReport(await describeDevices()));
 * // cpu     works   onnxruntime-node 1.30.0   12 ms
 * // cuda    no      runtime/cuda-unavailable: CUDA provider cannot load: missing ...
 * ```
 */
export function formatDevicesReport(r: DevicesReport): string {
  const lines = [`platform: ${r.platform}; ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ') || 'no ONNX Runtime loaded'}`];
  for (const d of r.devices) {
    const head = `${d.device.padEnd(7)} ${d.works ? 'works' : 'no   '}  ${d.provider} on ${d.ortPackage}, ${Math.round(d.ms)} ms`;
    lines.push(head);
    if (!d.works) lines.push(`        why: ${d.code ? `${d.code}: ` : ''}${d.reason}`);
    if (d.hint) lines.push(`        fix: ${d.hint}`);
    for (const [k, v] of Object.entries(d.details)) {
      if (k === 'missing' || k === 'tried' || k === 'ortError' || k === 'providerDir' || k === 'installCommand' || k === 'missingProviderFiles' || k === 'missingSystemLibraries') continue;
      lines.push(`        ${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    }
  }
  lines.push(`auto -> ${r.auto ?? 'nothing works'}`);
  for (const line of r.autoReport.split('\n').slice(1)) lines.push(`  ${line}`);
  return lines.join('\n');
}

function stripHint(message: string, hint: string | undefined): string {
  return hint && message.endsWith(` (${hint})`) ? message.slice(0, -hint.length - 3) : message;
}

function omit(o: Readonly<Record<string, unknown>>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

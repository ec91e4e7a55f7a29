/**
 * The one device → execution-provider table. A device is what a user asks for (`--device auto`); a provider
 * is what one `InferenceSession.create` is given. Every platform maps each device to an ordered list of
 * attempts; `createSession` tries them one at a time and records each.
 */

/** Devices a user can ask for. @example `DEVICES.includes('webgpu') // true` */
export const DEVICES = Object.freeze(['auto', 'cpu', 'cuda', 'webgpu', 'wasm'] as const);
/** One of {@link DEVICES}. @example `const d: Device = 'auto'` */
export type Device = (typeof DEVICES)[number];

/** Devices that name one concrete attempt (everything but `auto`). @example `const d: ConcreteDevice = 'cpu' // 'auto' is not one` */
export type ConcreteDevice = Exclude<Device, 'auto'>;

/** ONNX Runtime execution-provider names, as `executionProviders` takes them. @example `PROVIDERS.length // 4` */
export const PROVIDERS = Object.freeze(['cpu', 'cuda', 'webgpu', 'wasm'] as const);
/** One of {@link PROVIDERS}. @example `const p: Provider = 'webgpu'` */
export type Provider = (typeof PROVIDERS)[number];

/** The ONNX Runtime packages a provider can live in. @example `ORT_PACKAGES[0] // 'onnxruntime-node'` */
export const ORT_PACKAGES = Object.freeze(['onnxruntime-node', 'onnxruntime-web'] as const);
/** One of {@link ORT_PACKAGES}. @example `const p: OrtPackage = 'onnxruntime-web'` */
export type OrtPackage = (typeof ORT_PACKAGES)[number];

/** Platforms with their own table. @example `PLATFORMS // ['node', 'browser']` */
export const PLATFORMS = Object.freeze(['node', 'browser'] as const);
/** One of {@link PLATFORMS}. @example `const p: Platform = 'browser'` */
export type Platform = (typeof PLATFORMS)[number];

/** One planned attempt: which device it stands for, the provider to pass, and the package that runs it. @example `DEVICE_TABLE.node.wasm[0] // { device: 'wasm', provider: 'wasm', ortPackage: 'onnxruntime-web' }` */
export interface ProviderStep {
  readonly device: ConcreteDevice;
  readonly provider: Provider;
  readonly ortPackage: OrtPackage;
}

const step = (device: ConcreteDevice, provider: Provider, ortPackage: OrtPackage): ProviderStep =>
  Object.freeze({ device, provider, ortPackage });

const NODE_CPU = step('cpu', 'cpu', 'onnxruntime-node');
const NODE_CUDA = step('cuda', 'cuda', 'onnxruntime-node');
const NODE_WEBGPU = step('webgpu', 'webgpu', 'onnxruntime-node');
const NODE_WASM = step('wasm', 'wasm', 'onnxruntime-web');
const WEB_WEBGPU = step('webgpu', 'webgpu', 'onnxruntime-web');
const WEB_WASM = step('wasm', 'wasm', 'onnxruntime-web');

/**
 * The frozen table: platform → device → ordered attempts. In Node, `wasm` runs onnxruntime-web's WASM
 * backend (so browser numerics can be checked in Node). In the browser, `cpu` means the WASM CPU backend and
 * `cuda` has no attempt at all (it throws `runtime/cuda-unavailable`).
 * NOTE: a new execution provider is one entry in {@link PROVIDERS} plus its steps here; the platform files
 * (`node-platform.ts`, `browser-platform.ts`) say how to load its package and diagnose its absence.
 *
 * @example
 * ```ts
 * DEVICE_TABLE.node.auto.map((s) => s.provider);    // ['cuda', 'webgpu', 'cpu']
 * DEVICE_TABLE.browser.auto.map((s) => s.provider); // ['webgpu', 'wasm']
 * ```
 */
export const DEVICE_TABLE: Readonly<Record<Platform, Readonly<Record<Device, readonly ProviderStep[]>>>> = Object.freeze({
  node: Object.freeze({
    auto: Object.freeze([NODE_CUDA, NODE_WEBGPU, NODE_CPU]),
    cpu: Object.freeze([NODE_CPU]),
    cuda: Object.freeze([NODE_CUDA]),
    webgpu: Object.freeze([NODE_WEBGPU]),
    wasm: Object.freeze([NODE_WASM]),
  }),
  browser: Object.freeze({
    auto: Object.freeze([WEB_WEBGPU, WEB_WASM]),
    cpu: Object.freeze([step('cpu', 'wasm', 'onnxruntime-web')]),
    cuda: Object.freeze([]),
    webgpu: Object.freeze([WEB_WEBGPU]),
    wasm: Object.freeze([WEB_WASM]),
  }),
});

/**
 * True when `name` is one of {@link DEVICES}.
 *
 * @example
 * ```ts
 * isDevice('webgpu'); // true
 * isDevice('gpu');    // false
 * ```
 */
export function isDevice(name: unknown): name is Device {
  return typeof name === 'string' && (DEVICES as readonly string[]).includes(name);
}

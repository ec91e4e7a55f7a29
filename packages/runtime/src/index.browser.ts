/**
 * @kenobi/runtime for browsers (the `browser` export condition): the same API as in Node over onnxruntime-web
 * (WebGPU through JSEP, and WASM). Never imports onnxruntime-node or `node:*`.
 */
import { browserPlatform } from './browser-platform.js';
import { createSessionOn, type CreateSessionOptions } from './create-session.js';
import { describeDevicesOn, type DevicesReport } from './describe-devices.js';
import type { KenobiSession } from './kenobi-session.js';
import type { ModelInput } from './model-input.js';

export * from './portable-api.js';
export { browserPlatform, webgpuAdapterInfo } from './browser-platform.js';

/**
 * Creates a session on the first device that works (`auto`: webgpu → wasm), recording every attempt.
 *
 * @example
 * ```ts
 * import { createSession } from '@kenobi/runtime';
 * const bytes = new Uint8Array(await (await fetch('/models/mnist-8.onnx')).arrayBuffer());
 * const s = await createSession(bytes, { device: 'auto' });
 * console.log(s.report()); // device auto -> webgpu (webgpu on onnxruntime-web) ...
 * ```
 */
export function createSession(model: ModelInput, options: CreateSessionOptions = {}): Promise<KenobiSession> {
  return createSessionOn(browserPlatform, model, options);
}

/**
 * For each device: works or not and why, with the WebGPU adapter's info.
 *
 * @example
 * ```ts
 * (await describeDevices()).devices.map((d) => d.device); // ['cpu', 'webgpu', 'wasm']
 * ```
 */
export function describeDevices(): Promise<DevicesReport> {
  return describeDevicesOn(browserPlatform);
}

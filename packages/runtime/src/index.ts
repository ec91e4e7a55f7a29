/**
 * @kenobi/runtime for Node: the device table, `createSession` with a report of every execution-provider
 * attempt (onnxruntime-node for cpu/cuda/webgpu, onnxruntime-web's WASM for `wasm`), batched runs and the
 * environment probe. Browsers get `index.browser.ts` through the `browser` export condition.
 */
import { createSessionOn, type CreateSessionOptions } from './create-session.js';
import { describeDevicesOn, type DevicesReport } from './describe-devices.js';
import type { KenobiSession } from './kenobi-session.js';
import type { ModelInput } from './model-input.js';
import { nodePlatform } from './node-platform.js';

export * from './portable-api.js';
export { nodePlatform } from './node-platform.js';
export { diagnoseCuda, onnxruntimeNodeDir, CUDA_PROVIDER_FILES, CUDA_SYSTEM_LIBRARIES } from './cuda-libraries.node.js';
export type { CudaDiagnosis } from './cuda-libraries.node.js';
export { vulkanDrivers } from './vulkan-drivers.node.js';
export type { VulkanDrivers } from './vulkan-drivers.node.js';
/**
 * scijs `ndarray` views of session outputs and batches (`asNdarray(out[name])`, no copy) and scijs arrays
 * back as C-order `{ data, shape }`. NOTE: only in this Node entry (`index.browser.ts` has none): scijs
 * compiles code with `new Function`, which the browser app's Content-Security-Policy forbids.
 */
export { asNdarray, fromNdarray } from '@kenobi/core/node';
export type { NdarraySource } from '@kenobi/core/node';

/**
 * Creates a session on the first device of `options.device`'s list that works, trying one execution
 * provider per `InferenceSession.create` and recording every attempt. An explicit device that fails throws
 * its typed error (`runtime/cuda-unavailable` names the missing files and the install command); `auto`
 * falls back (cuda → webgpu → cpu) and the report says why.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { createSession } from '@kenobi/runtime';
 * await using s = await createSession(readFileSync('mnist-8.onnx'), { device: 'auto' });
 * console.log(s.device, s.report()); // 'webgpu' or 'cpu', with the cuda failure and its reason
 * ```
 */
export function createSession(model: ModelInput, options: CreateSessionOptions = {}): Promise<KenobiSession> {
  return createSessionOn(nodePlatform, model, options);
}

/**
 * For each device: works or not and why, with ORT versions, missing CUDA files, Vulkan drivers and the
 * WebGPU Conv canary's verdict.
 *
 * @example
 * ```ts
 * const r = await describeDevices();
 * r.auto;                                 // 'webgpu' with Mesa 25 lavapipe, else 'cpu'
 * r.devices.find((d) => d.device === 'cuda')?.reason; // 'CUDA provider cannot load: missing libonnxruntime_providers_shared.so, ...'
 * ```
 */
export function describeDevices(): Promise<DevicesReport> {
  return describeDevicesOn(nodePlatform);
}
export { probeTensorShapes } from './probe-tensor-shapes.js';

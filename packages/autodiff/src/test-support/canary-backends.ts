/**
 * Test support: the backends the canary specs run on (onnxruntime-node CPU, onnxruntime-web WASM in Node,
 * onnxruntime-node's native WebGPU EP), each checked against onnxruntime-node CPU, and a `describe` per
 * backend that goes pending (or fails under KENOBI_REQUIRE_MODELS=1) when its backend is absent, with the
 * runtime's own probe (`backendMissing`).
 */
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { backendMissing } from '../../../runtime/src/test-support/describe-backends.js';
import { needCapability } from '../../../../test/support/shared.js';
import type { CanaryDevice } from '../canary/gradient-device-verdict.js';
import type { CanaryOrtModule } from '../canary/canary-ort.js';

ortWeb.env.wasm.numThreads = 1;

/** The backends, as the runtime's device names. */
export const CANARY_BACKENDS = Object.freeze(['cpu', 'wasm', 'webgpu'] as const);
/** One of {@link CANARY_BACKENDS}. */
export type CanaryBackend = (typeof CANARY_BACKENDS)[number];

/** onnxruntime-node as the canaries' structural module type. */
export const ORT_NODE = ortNode as unknown as CanaryOrtModule;
/** onnxruntime-web as the canaries' structural module type. */
export const ORT_WEB = ortWeb as unknown as CanaryOrtModule;

/**
 * The device to check for a backend: its ORT package and provider, against onnxruntime-node CPU.
 *
 * @example
 * ```ts
 * canaryDevice('wasm').target.provider; // 'wasm'
 * ```
 */
export function canaryDevice(backend: CanaryBackend): CanaryDevice {
  const reference = { ort: ORT_NODE, provider: 'cpu', label: 'cpu on onnxruntime-node' };
  if (backend === 'wasm') return { target: { ort: ORT_WEB, provider: 'wasm', label: 'wasm on onnxruntime-web' }, reference };
  return { target: { ort: ORT_NODE, provider: backend, label: `${backend} on onnxruntime-node` }, reference };
}

/**
 * `describe(name [backend])` once per backend, pending when the backend cannot make a session here.
 *
 * @example
 * ```ts
 * describeCanaryBackends('canaries', (backend) => it('runs', async () => { ... }));
 * ```
 */
export function describeCanaryBackends(name: string, spec: (backend: CanaryBackend) => void): void {
  for (const backend of CANARY_BACKENDS) {
    describe(`${name} [${backend}]`, function () {
      before(async function () {
        const missing = await backendMissing(backend);
        needCapability(this, missing === undefined, `backend ${backend} is absent: ${missing} (CI installs Mesa 25 lavapipe for webgpu)`);
      });
      spec(backend);
    });
  }
}

/**
 * Test support: run one spec on every backend present (`cpu`, `wasm`, `webgpu`), as tfjs's
 * `describeWithFlags` does. A backend that cannot make a session makes its suite pending with the reason
 * (or fail under KENOBI_REQUIRE_MODELS=1).
 */
import { createSession, type ConcreteDevice, type CreateSessionOptions, type KenobiSession, type ModelInput, RuntimeError } from '../index.js';
import { probeModel } from '../probe-model.js';
import { needCapability } from './shared-files.js';

/** The backends specs run on. @example `TEST_BACKENDS // ['cpu', 'wasm', 'webgpu']` */
export const TEST_BACKENDS = Object.freeze(['cpu', 'wasm', 'webgpu'] as const);
/** One of {@link TEST_BACKENDS}. @example `const b: TestBackend = 'wasm'` */
export type TestBackend = (typeof TEST_BACKENDS)[number];

/** What a spec gets: its device and a session maker bound to it. @example `describeBackends('x', (b) => it('runs', async () => { const s = await b.open(bytes); await s.dispose(); }))` */
export interface BackendCase {
  readonly device: TestBackend;
  /** Tolerance for comparisons against the CPU (1e-5 on cpu/wasm, 1e-4 on webgpu). */
  readonly tolerance: number;
  open(model: ModelInput, options?: Omit<CreateSessionOptions, 'device'>): Promise<KenobiSession>;
}

const available = new Map<ConcreteDevice, Promise<string | undefined>>();

/**
 * Why `device` cannot run here, or undefined when it can (probed once per process).
 *
 * @example
 * ```ts
 * await backendMissing('webgpu'); // undefined with Mesa 25 lavapipe; 'runtime/webgpu-unavailable: ...' without
 * ```
 */
export function backendMissing(device: ConcreteDevice): Promise<string | undefined> {
  let p = available.get(device);
  if (!p) {
    p = (async () => {
      try {
        const s = await createSession(probeModel().model, { device, canary: false });
        await s.dispose();
        return undefined;
      } catch (e) {
        return e instanceof RuntimeError ? `${e.code}: ${e.message}` : String(e);
      }
    })();
    available.set(device, p);
  }
  return p;
}

/**
 * `describe(name [device])` once per backend, each suite pending when its backend is absent.
 *
 * @example
 * ```ts
 * describeBackends('runBatched', (b) => {
 *   it('keeps the order', async () => { const s = await b.open(bytes); ... });
 * });
 * ```
 */
export function describeBackends(name: string, spec: (backend: BackendCase) => void, backends: readonly TestBackend[] = TEST_BACKENDS): void {
  for (const device of backends) {
    describe(`${name} [${device}]`, function () {
      before(async function () {
        const missing = await backendMissing(device);
        needCapability(this, missing === undefined, `backend ${device} is absent: ${missing}`);
      });
      spec({
        device,
        tolerance: device === 'webgpu' ? 1e-4 : 1e-5,
        open: (model, options = {}) => createSession(model, { ...options, device }),
      });
    });
  }
}

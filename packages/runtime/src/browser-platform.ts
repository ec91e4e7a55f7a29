/**
 * The browser platform: onnxruntime-web for `webgpu` (its default bundle's WebGPU is JSEP, which does not
 * have the native EP's Conv bug) and `wasm`. Never imports onnxruntime-node or `node:*`. onnxruntime-web
 * only warns when WebGPU is missing, so the adapter is asked for here.
 */
import type { OrtPackage, ProviderStep } from './devices.js';
import { ortVersion, type LoadedOrt, type OrtModule } from './ort-module.js';
import type { ProviderDiagnosis, RuntimePlatform } from './runtime-platform.js';

interface GpuAdapterLike {
  readonly info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  readonly isFallbackAdapter?: boolean;
}
interface NavigatorGpu {
  readonly gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> };
}

let loaded: Promise<LoadedOrt> | undefined;

/**
 * The WebGPU adapter's info, or why there is none.
 *
 * @example
 * ```ts
 * await webgpuAdapterInfo(); // { adapter: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true } }
 * ```
 */
export async function webgpuAdapterInfo(): Promise<{ adapter?: Record<string, unknown>; missing?: string }> {
  const gpu = (globalThis as { navigator?: NavigatorGpu }).navigator?.gpu;
  if (!gpu) return { missing: 'navigator.gpu is absent (this browser has no WebGPU, or it is disabled)' };
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return { missing: 'navigator.gpu.requestAdapter() returned no adapter' };
  const info = adapter.info ?? {};
  return { adapter: { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter } };
}

/**
 * The browser platform adapter used by `createSession` and `describeDevices` in browsers.
 *
 * @example
 * ```ts
 * (await browserPlatform.loadOrt('onnxruntime-web')).version; // '1.30.0'
 * ```
 */
export const browserPlatform: RuntimePlatform = Object.freeze({
  platform: 'browser' as const,
  loadOrt(_ortPackage: OrtPackage): Promise<LoadedOrt> {
    if (!loaded) {
      loaded = import('onnxruntime-web').then((m) => {
        const ort = m as unknown as OrtModule;
        return Object.freeze({ ortPackage: 'onnxruntime-web' as const, ort, version: ortVersion(ort) });
      });
      loaded.catch(() => (loaded = undefined));
    }
    return loaded;
  },
  async diagnose(step: ProviderStep, error?: unknown): Promise<ProviderDiagnosis | undefined> {
    const message = error instanceof Error ? error.message : String(error ?? '');
    if (step.provider === 'webgpu') {
      const a = await webgpuAdapterInfo();
      return {
        code: 'runtime/webgpu-unavailable',
        reason: a.missing ?? `WebGPU failed on adapter ${JSON.stringify(a.adapter)}: ${message.split('\n')[0]}`,
        hint: 'use a browser with WebGPU enabled (Chrome/Edge ≥ 113), or the wasm device',
        details: a.adapter ? { adapter: a.adapter } : {},
      };
    }
    if (step.provider === 'wasm') {
      return { code: 'runtime/wasm-unavailable', reason: `WASM backend failed: ${message.split('\n')[0]}`, hint: 'serve the ort-wasm-*.wasm files next to the bundle or set env.wasm.wasmPaths (see README)' };
    }
    return undefined;
  },
  async environmentFacts(step: ProviderStep): Promise<Record<string, unknown>> {
    if (step.provider === 'webgpu') return { ...(await webgpuAdapterInfo()) };
    return {};
  },
});

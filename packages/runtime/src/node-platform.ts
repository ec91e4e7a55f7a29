/**
 * Node only. The Node platform: onnxruntime-node for cpu, cuda and webgpu; onnxruntime-web's WASM backend
 * (imported only when `wasm` is asked for) so browser numerics can be checked in Node.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { OrtPackage, ProviderStep } from './devices.js';
import { diagnoseCuda } from './cuda-libraries.node.js';
import { ortVersion, type LoadedOrt, type OrtModule } from './ort-module.js';
import type { PreflightContext, ProviderDiagnosis, RuntimePlatform } from './runtime-platform.js';
import { vulkanDrivers } from './vulkan-drivers.node.js';
import { disableOrtTelemetryByDefault } from './ort-telemetry.node.js';

/**
 * True when Linux shows a GPU device node (a DRM render node or the NVIDIA driver's); elsewhere assume yes.
 * NOTE: Node has no `navigator.gpu` and ORT does not say which adapter Dawn picked, so this is how `auto`
 * tells a real GPU from a software Vulkan driver.
 */
function hasGpuDeviceNode(): boolean {
  if (process.platform !== 'linux') return true;
  const dri = (() => {
    try {
      return readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
    } catch {
      return false;
    }
  })();
  return dri || existsSync('/dev/nvidia0') || existsSync('/dev/nvidiactl');
}

const loaded = new Map<OrtPackage, Promise<LoadedOrt>>();

async function importOrt(ortPackage: OrtPackage): Promise<LoadedOrt> {
  disableOrtTelemetryByDefault();
  const ort = (ortPackage === 'onnxruntime-node' ? await import('onnxruntime-node') : await import('onnxruntime-web')) as unknown as OrtModule;
  return Object.freeze({ ortPackage, ort, version: ortVersion(ort) });
}

function diagnoseCudaFailure(): ProviderDiagnosis {
  const d = diagnoseCuda();
  if (d.missing.length === 0) {
    return { code: 'runtime/cuda-unavailable', reason: 'the CUDA provider and libraries are present but the provider failed to start (see ORT\'s message in details)', hint: 'check the NVIDIA driver (nvidia-smi) and that CUDA is 12.x and cuDNN 9.x', details: { ...d } };
  }
  const steps: string[] = [];
  if (d.missingProviderFiles.length > 0) steps.push(`get the provider libraries (needs internet): ${d.installCommand}`);
  if (d.missingSystemLibraries.length > 0) steps.push(`install the NVIDIA driver, CUDA 12.x and cuDNN 9.x so the loader finds ${d.missingSystemLibraries.join(', ')} (ldconfig or LD_LIBRARY_PATH)`);
  return {
    code: 'runtime/cuda-unavailable',
    reason: `CUDA provider cannot load: missing ${d.missing.join(', ')}`,
    hint: steps.join('; then '),
    details: { ...d },
  };
}

/**
 * The Node platform adapter used by `createSession` and `describeDevices` in Node.
 *
 * @example
 * ```ts
 * (await nodePlatform.loadOrt('onnxruntime-web')).version; // '1.30.0'
 * ```
 */
export const nodePlatform: RuntimePlatform = Object.freeze({
  platform: 'node' as const,
  loadOrt(ortPackage: OrtPackage): Promise<LoadedOrt> {
    let p = loaded.get(ortPackage);
    if (!p) {
      p = importOrt(ortPackage);
      loaded.set(ortPackage, p);
      p.catch(() => loaded.delete(ortPackage));
    }
    return p;
  },
  async preflight(step: ProviderStep, context: PreflightContext): Promise<ProviderDiagnosis | undefined> {
    // NOTE: without its provider files ORT cannot load CUDA at all; not calling it avoids its error log line.
    if (step.provider === 'cuda' && diagnoseCuda().missingProviderFiles.length > 0) return diagnoseCudaFailure();
    if (step.provider === 'webgpu' && context.requested === 'auto' && !context.softwareWebGpu && !hasGpuDeviceNode()) {
      return {
        code: 'runtime/webgpu-unavailable',
        reason: 'skipped under auto: no GPU device node (/dev/dri/renderD*, /dev/nvidia*), so any WebGPU adapter here is a software one (lavapipe, SwiftShader), slower than the CPU provider',
        hint: "ask for device 'webgpu', or pass softwareWebGpu: true, to use it anyway",
        details: { ...vulkanDrivers() },
      };
    }
    return undefined;
  },
  async diagnose(step: ProviderStep, error?: unknown): Promise<ProviderDiagnosis | undefined> {
    const message = error instanceof Error ? error.message : String(error ?? '');
    if (step.provider === 'cuda') return diagnoseCudaFailure();
    if (step.provider === 'webgpu') {
      const drivers = vulkanDrivers();
      const noAdapter = /adapter/i.test(message);
      return {
        code: 'runtime/webgpu-unavailable',
        reason: noAdapter ? 'no WebGPU adapter: Dawn found no Vulkan driver it accepts' : `WebGPU provider failed: ${message.split('\n')[0]}`,
        hint: 'on Debian 12 install Mesa 25 lavapipe from bookworm-backports (apt-get install -t bookworm-backports mesa-vulkan-drivers), or a GPU driver with Vulkan',
        details: { ...drivers },
      };
    }
    if (step.provider === 'wasm') {
      return { code: 'runtime/wasm-unavailable', reason: `onnxruntime-web's WASM backend failed: ${message.split('\n')[0]}`, hint: 'is onnxruntime-web installed beside onnxruntime-node?' };
    }
    return undefined;
  },
  async environmentFacts(step: ProviderStep): Promise<Record<string, unknown>> {
    if (step.provider === 'cuda') {
      const d = diagnoseCuda();
      return { providerDir: d.providerDir, missing: d.missing, installCommand: d.installCommand };
    }
    if (step.provider === 'webgpu') return { ...vulkanDrivers() };
    return {};
  },
});

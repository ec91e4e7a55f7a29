/**
 * Node only. Which files onnxruntime-node's CUDA provider needs, which of them are missing here, and the one
 * command that fetches the provider libraries. onnxruntime-node itself only says "Failed to load shared
 * library"; the missing file's name goes to ORT's own log.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';

/**
 * The provider libraries onnxruntime-node 1.30 loads from its own `bin/napi-v6/<platform>/<arch>/` folder
 * (its `script/install-metadata.js`: fetched from the NuGet package Microsoft.ML.OnnxRuntime.Gpu.Linux).
 * @example `CUDA_PROVIDER_FILES.includes('libonnxruntime_providers_cuda.so') // true`
 */
export const CUDA_PROVIDER_FILES = Object.freeze(['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'] as const);

/**
 * The CUDA 12 and cuDNN 9 libraries the CUDA provider links against (ORT 1.30's CUDA 12 build), found by
 * the dynamic loader through its cache or LD_LIBRARY_PATH. libcuda.so.1 comes with the NVIDIA driver.
 * @example `CUDA_SYSTEM_LIBRARIES.at(-1) // 'libcudnn.so.9'`
 */
export const CUDA_SYSTEM_LIBRARIES = Object.freeze([
  'libcuda.so.1', 'libcudart.so.12', 'libcublas.so.12', 'libcublasLt.so.12', 'libcufft.so.11', 'libcurand.so.10', 'libcudnn.so.9',
] as const);

/** What is missing for CUDA and how to get it. @example `const { missing, installCommand } = diagnoseCuda()` */
export interface CudaDiagnosis {
  /** onnxruntime-node's binary folder (where the provider libraries must be). */
  readonly providerDir: string;
  readonly missingProviderFiles: readonly string[];
  readonly missingSystemLibraries: readonly string[];
  /** The command that downloads the provider libraries (needs internet). */
  readonly installCommand: string;
  /** Everything missing, provider files first. */
  readonly missing: readonly string[];
}

/**
 * Looks for every file the CUDA provider needs.
 *
 * @example
 * ```ts
 * diagnoseCuda().missing; // ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so', 'libcuda.so.1', ...] on a CPU-only machine
 * diagnoseCuda().installCommand; // 'ONNXRUNTIME_NODE_INSTALL=cuda12 node /…/onnxruntime-node/script/install.js'
 * ```
 */
export function diagnoseCuda(): CudaDiagnosis {
  const pkgDir = onnxruntimeNodeDir();
  const providerDir = join(pkgDir, 'bin', 'napi-v6', process.platform, process.arch);
  const missingProviderFiles = CUDA_PROVIDER_FILES.filter((f) => !existsSync(join(providerDir, f)));
  const found = loaderVisibleLibraries([providerDir]);
  const missingSystemLibraries = CUDA_SYSTEM_LIBRARIES.filter((f) => !found.has(f));
  return Object.freeze({
    providerDir,
    missingProviderFiles,
    missingSystemLibraries,
    installCommand: `ONNXRUNTIME_NODE_INSTALL=cuda12 node ${join(pkgDir, 'script', 'install.js')}`,
    missing: [...missingProviderFiles, ...missingSystemLibraries],
  });
}

/**
 * The folder of the onnxruntime-node package this runtime loads.
 *
 * @example
 * ```ts
 * onnxruntimeNodeDir(); // '/…/node_modules/.pnpm/onnxruntime-node@1.30.0/node_modules/onnxruntime-node'
 * ```
 */
export function onnxruntimeNodeDir(): string {
  return dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
}

let loaderCache: { key: string; names: Set<string> } | undefined;

/**
 * Library file names the dynamic loader can see: its cache (`ldconfig -p`), LD_LIBRARY_PATH and `extraDirs`.
 * Cached per process for the same LD_LIBRARY_PATH (ldconfig takes ~0.1 s).
 */
function loaderVisibleLibraries(extraDirs: readonly string[]): Set<string> {
  const key = `${process.env.LD_LIBRARY_PATH ?? ''}|${extraDirs.join(':')}`;
  if (loaderCache?.key === key) return loaderCache.names;
  const names = new Set<string>();
  loaderCache = { key, names };
  if (process.platform !== 'linux') return names;
  for (const ldconfig of ['/sbin/ldconfig', '/usr/sbin/ldconfig']) {
    if (!existsSync(ldconfig)) continue;
    try {
      const out = execFileSync(ldconfig, ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
      for (const line of out.split('\n')) {
        const m = /^\s+(\S+)\s+\(/.exec(line);
        if (m) names.add(m[1]!);
      }
      break;
    } catch {
      // NOTE: no loader cache readable; LD_LIBRARY_PATH below still counts.
    }
  }
  const dirs = [...(process.env.LD_LIBRARY_PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs];
  for (const dir of dirs) {
    try {
      for (const f of readdirSync(dir)) names.add(f);
    } catch {
      // a folder on LD_LIBRARY_PATH that does not exist: the loader skips it too
    }
  }
  return names;
}

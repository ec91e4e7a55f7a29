/**
 * Node-only. The one call CLI commands make for a "model" argument: a zoo id, a registered user id, a local
 * path or a zoo URL all become a local, sha256-checked path.
 */
import type { ProgressCallback } from '@kenobi/core';
import { loadCatalog } from './load-catalog.js';
import { ModelStore, type ModelStoreOptions, type ResolvedModel } from './model-store.js';

/**
 * Resolves a model argument with the environment's cache, mirrors and offline setting.
 *
 * @example
 * ```ts
 * const { path, entry } = await resolveModelArg('mnist-8');           // zoo id → cached or mirrored file
 * const local = await resolveModelArg('./my-model.onnx');              // a path stays a path (entry undefined unless it is a zoo file)
 * ```
 */
export async function resolveModelArg(arg: string, options: ModelStoreOptions & { onProgress?: ProgressCallback } = {}): Promise<ResolvedModel> {
  const store = new ModelStore(loadCatalog(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }), options);
  return store.resolveModel(arg, options.onProgress);
}

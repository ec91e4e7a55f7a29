/**
 * @kenobi/zoo/node: the Node side of the zoo: cache (KENOBI_CACHE), mirrors (KENOBI_MIRROR), resumable
 * sha256-checked downloads, safe `.tar.gz` extraction, the user registry, and `resolveModelArg` for CLI
 * commands. Re-exports everything of `@kenobi/zoo`.
 */
export * from './index.js';
export { CacheLayout, defaultCacheDir, blobExtension } from './node/cache-layout.js';
export { fileSha256 } from './node/file-sha256.js';
export { checkFile, writeStamp } from './node/verified-stamps.js';
export type { CheckResult } from './node/verified-stamps.js';
export { acquireLock } from './node/file-lock.js';
export { findInMirrors, mirrorDirsFromEnv } from './node/mirror-lookup.js';
export { downloadToPartial } from './node/http-download.js';
export type { DownloadOptions, DownloadReport } from './node/http-download.js';
export { extractTarGzSafely, unsafeMemberName } from './node/safe-tar.js';
export type { ExtractLimits } from './node/safe-tar.js';
export { ModelStore, RESOLVED_FROM } from './node/model-store.js';
export type { ModelStoreOptions, ResolvedModel, ResolvedFrom, VerifyResult } from './node/model-store.js';
export { loadCatalog, readZooManifest, zooManifestPath } from './node/load-catalog.js';
export { readUserRegistry, importUserModel } from './node/user-registry.js';
export type { ImportFacts } from './node/user-registry.js';
export { readAutoFeature, recordAutoFeature } from './node/auto-feature-record.js';
export type { AutoFeatureChoice } from './node/auto-feature-record.js';
export { inspectModelFile } from './node/model-inspection.js';
export type { ModelInspection } from './node/model-inspection.js';
export { resolveModelArg } from './node/resolve-model-arg.js';

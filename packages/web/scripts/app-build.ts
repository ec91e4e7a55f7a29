/**
 * Builds the browser app into `packages/web/dist-app/`: `app.js` (esbuild bundle of `src/app/main.ts` and
 * Kenobi's pure packages, read from their TypeScript sources), `decode-worker.js` (the worker that decodes
 * dropped files, `src/app/decode-worker.ts`), the static files, and onnxruntime-web's
 * WASM files in `ort/`, and the JPEG decoder's `mozjpeg_dec.wasm` (libjpeg-turbo) beside `app.js`. Used by `pnpm --filter @kenobi/web build:app` and by the browser tests.
 */
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { LIBJPEG_TURBO_WASM_FILE } from '@kenobi/imaging';
import { ORT_ASSET_DIR, ORT_ASSET_FILES } from '../src/ort-assets.js';

/** packages/web */
export const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** packages/web/dist-app */
export const appOutDir = join(webDir, 'dist-app');

/** Sources the bundle is made of (a newer file here makes the build stale). */
const SOURCE_DIRS = ['web/src', 'web/static', 'web/scripts', 'runtime/src', 'features/src', 'imaging/src', 'fits/src', 'onnx/src', 'core/src'].map((d) => resolve(webDir, '..', d));

/**
 * True when `dist-app/app.js` is missing or older than a source file.
 *
 * @example
 * ```ts
 * if (await appBuildIsStale()) await buildApp();
 * ```
 */
export async function appBuildIsStale(): Promise<boolean> {
  const built = await stat(join(appOutDir, 'app.js')).catch(() => undefined);
  if (!built) return true;
  for (const dir of SOURCE_DIRS) if ((await newestMtime(dir)) > built.mtimeMs) return true;
  return false;
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile() || e.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, (await stat(join(e.parentPath, e.name))).mtimeMs);
  }
  return newest;
}

/**
 * Builds the app. Returns the bundle's size and the files written.
 *
 * @example
 * ```ts
 * const { bundleBytes } = await buildApp(); // about 650 kB minified, plus ort/ (about 28 MB of WASM)
 * ```
 */
export async function buildApp(options: { minify?: boolean } = {}): Promise<{ bundleBytes: number; files: string[] }> {
  await rm(appOutDir, { recursive: true, force: true });
  await mkdir(join(appOutDir, ORT_ASSET_DIR), { recursive: true });
  const result = await esbuild.build({
    // NOTE: the decode worker is a bundle of its own (module worker, same origin: the CSP's worker-src 'self').
    entryPoints: { app: join(webDir, 'src/app/main.ts'), 'decode-worker': join(webDir, 'src/app/decode-worker.ts') },
    outdir: appOutDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // NOTE: '@kenobi/source' reads the workspace packages' TypeScript (no tsc build needed);
    // 'onnxruntime-web-use-extern-wasm' picks ORT's entry that loads its Emscripten glue from wasmPaths
    // instead of inlining it, so the threads' worker script is ORT's own .mjs, not this bundle.
    conditions: ['@kenobi/source', 'onnxruntime-web-use-extern-wasm'],
    minify: options.minify ?? true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  const files = ['app.js', 'app.js.map', 'decode-worker.js', 'decode-worker.js.map'];
  for (const f of await readdir(join(webDir, 'static'))) {
    await copyFile(join(webDir, 'static', f), join(appOutDir, f));
    files.push(f);
  }
  const require = createRequire(join(webDir, 'package.json'));
  // The JPEG decoder's WebAssembly: its Emscripten glue, bundled into app.js, fetches it from beside app.js.
  const imagingRequire = createRequire(resolve(webDir, '../imaging/package.json'));
  await copyFile(imagingRequire.resolve(LIBJPEG_TURBO_WASM_FILE), join(appOutDir, basename(LIBJPEG_TURBO_WASM_FILE)));
  files.push(basename(LIBJPEG_TURBO_WASM_FILE));
  for (const f of ORT_ASSET_FILES) {
    await copyFile(require.resolve(`onnxruntime-web/${f}`), join(appOutDir, ORT_ASSET_DIR, f));
    files.push(`${ORT_ASSET_DIR}${f}`);
  }
  const bundleBytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint?.endsWith('main.ts'))?.bytes ?? 0;
  // NOTE: onnxruntime-web's `exports` hide its package.json; it sits one folder above dist/.
  const ortPackageJson = resolve(dirname(require.resolve(`onnxruntime-web/${ORT_ASSET_FILES[0]}`)), '..', 'package.json');
  const ortVersion = (JSON.parse(await readFile(ortPackageJson, 'utf8')) as { version: string }).version;
  await writeFile(join(appOutDir, 'build-info.json'), `${JSON.stringify({ ortVersion, bundleBytes, files }, null, 2)}\n`);
  return { bundleBytes, files };
}

/**
 * Test support: a kernel module's `.wat` assembled as `scripts/wasm/embed-wat.mjs` assembles it (SIMD on), for
 * the tests that check the bytes each package embeds.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

type Wabt = { parseWat(name: string, text: string, features: object): { toBinary(o: object): { buffer: Uint8Array } } };

/**
 * The bytes of the WebAssembly text file at `url`. NOTE: `wabt` is a dev dependency of @kenobi/fits (and
 * @kenobi/imaging) only; it is resolved from there for every package.
 *
 * @example
 * ```ts
 * expect(Buffer.from(adamKernelBytes()).equals(Buffer.from(await assembleWat(new URL('../../kernels/adam-kernels.wat', import.meta.url))))).to.equal(true);
 * ```
 */
export async function assembleWat(url: URL): Promise<Uint8Array> {
  const require = createRequire(new URL('../../packages/fits/package.json', import.meta.url));
  const wabt = await (require('wabt') as () => Promise<Wabt>)();
  return new Uint8Array(wabt.parseWat(basename(fileURLToPath(url)), readFileSync(url, 'utf8'), { simd: true }).toBinary({}).buffer);
}

// Assembles resize-kernels.wat (with the `wabt` dev dependency) and writes the base64 of the module into
// KERNELS_BASE64 in ../src/geometry/resize-kernels.ts (src/geometry/resize-kernels.test.ts checks that they agree).
//   node packages/imaging/kernels/build.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import wabtInit from 'wabt';

const here = new URL('.', import.meta.url);
const wabt = await wabtInit();
const mod = wabt.parseWat('resize-kernels.wat', readFileSync(new URL('resize-kernels.wat', here), 'utf8'), { simd: true });
const base64 = Buffer.from(mod.toBinary({}).buffer).toString('base64');
const target = new URL('../src/geometry/resize-kernels.ts', here);
const source = readFileSync(target, 'utf8');
const updated = source.replace(/const KERNELS_BASE64 =\n  '[^']*';/, `const KERNELS_BASE64 =\n  '${base64}';`);
if (updated === source && !source.includes(base64)) throw new Error('KERNELS_BASE64 not found in resize-kernels.ts');
writeFileSync(target, updated);
console.log(`${mod.toBinary({}).buffer.length} bytes of WebAssembly written into ${target.pathname}`);

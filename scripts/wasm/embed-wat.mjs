// Assembles a WebAssembly text file (SIMD enabled, with the `wabt` dev dependency of the package that holds
// it) and writes the module's base64 into `const KERNELS_BASE64 = '…';` of a TypeScript file. Each such file
// has a test that assembles the .wat again and compares. Run from the repository root:
//   node scripts/wasm/embed-wat.mjs packages/fits/kernels/byte-kernels.wat packages/fits/src/data/byte-kernels.ts
//   node scripts/wasm/embed-wat.mjs packages/imaging/kernels/resize-kernels.wat packages/imaging/src/geometry/resize-kernels.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, resolve } from 'node:path';

const [watPath, tsPath] = process.argv.slice(2).map((p) => resolve(p));
if (!watPath || !tsPath) throw new Error('usage: node scripts/wasm/embed-wat.mjs <file.wat> <file.ts>');
const wabtInit = createRequire(watPath)('wabt');
const wabt = await wabtInit();
const bytes = wabt.parseWat(basename(watPath), readFileSync(watPath, 'utf8'), { simd: true }).toBinary({}).buffer;
const base64 = Buffer.from(bytes).toString('base64');
const source = readFileSync(tsPath, 'utf8');
const updated = source.replace(/const KERNELS_BASE64 =\n  '[^']*';/, `const KERNELS_BASE64 =\n  '${base64}';`);
if (updated === source && !source.includes(base64)) throw new Error(`KERNELS_BASE64 not found in ${tsPath}`);
writeFileSync(tsPath, updated);
console.log(`${bytes.length} bytes of WebAssembly written into ${tsPath}`);

// Assembles byte-kernels.wat and prints the base64 that src/data/byte-kernels.ts embeds.
//   node packages/fits/kernels/build.mjs
import { readFileSync } from 'node:fs';
import wabtInit from 'wabt';

const here = new URL('.', import.meta.url);
const wabt = await wabtInit();
const mod = wabt.parseWat('byte-kernels.wat', readFileSync(new URL('byte-kernels.wat', here), 'utf8'), { simd: true });
const { buffer } = mod.toBinary({});
console.log(Buffer.from(buffer).toString('base64'));

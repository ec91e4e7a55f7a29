/**
 * One `.npy` fuzz case: a valid file (seeds of every dtype, scalar to 3-D, big-endian, Fortran order, format
 * versions 1.0 to 3.0) with its header dict corrupted (descr, shape, fortran_order values; keys dropped or
 * repeated; header length, version and magic bytes changed), its data cut or extended, or its bytes mutated;
 * then `readNpy`. A case ends in a result whose data hold exactly the elements its shape says, or in a
 * `core/npy-*` error. Shared by the fuzz test, the feature-store fuzzer and `scripts/fuzz/npy.ts`. Not shipped.
 */
import { isKenobiError } from '../kenobi-error.js';
import { readNpy } from '../npy/npy.js';
import { SeededRandom } from '../seeded-random.js';
import { concat, mutateBytes } from './byte-mutations.js';
import { attempt, caseSeed, type StageOutcome } from './fuzz-tally.js';

/** A named seed `.npy` file. */
export interface NpySeed {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * `.npy` bytes with this header dict, padded as numpy pads it, in format version `major`.
 *
 * @example
 * ```ts
 * npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new Uint8Array(8)); // a float32 [2] file
 * ```
 */
export function npyBytes(dict: string, data: Uint8Array, major = 1): Uint8Array {
  const pre = major === 1 ? 10 : 12;
  const text = dict + ' '.repeat((64 - ((pre + dict.length + 1) % 64)) % 64) + '\n';
  const head = new Uint8Array(pre + text.length);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(head.buffer);
  if (major === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  for (let i = 0; i < text.length; i++) head[pre + i] = text.charCodeAt(i);
  return concat(head, data);
}

function dict(descr: string, shape: string, fortran = 'False'): string {
  return `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;
}

function ramp(bytes: number): Uint8Array {
  return Uint8Array.from({ length: bytes }, (_, i) => (i * 37 + 11) & 0xff);
}

/**
 * The seed files.
 *
 * @example
 * ```ts
 * npySeeds().length; // 9
 * ```
 */
export function npySeeds(): NpySeed[] {
  return [
    { name: 'f4-2x3', bytes: npyBytes(dict('<f4', '(2, 3)'), new Uint8Array(Float32Array.of(0, 1, 2, 3, 4, 5).buffer)) },
    { name: 'f8-be-3', bytes: npyBytes(dict('>f8', '(3,)'), ramp(24)) },
    { name: 'i8-4', bytes: npyBytes(dict('<i8', '(4,)'), ramp(32)) },
    { name: 'u1-scalar', bytes: npyBytes(dict('|u1', '()'), Uint8Array.of(7)) },
    { name: 'b1-2x2', bytes: npyBytes(dict('|b1', '(2, 2)'), Uint8Array.of(1, 0, 0, 1)) },
    { name: 'i2-fortran', bytes: npyBytes(dict('<i2', '(2, 3)', 'True'), ramp(12)) },
    { name: 'u4-2x2x2-v2', bytes: npyBytes(dict('<u4', '(2, 2, 2)'), ramp(32), 2) },
    { name: 'f4-empty-v3', bytes: npyBytes(dict('<f4', '(0, 5)'), new Uint8Array(0), 3) },
    { name: 'f4-py2-long', bytes: npyBytes(dict('<f4', '(2L, 1L)'), ramp(8)) },
  ];
}

const DESCRS = ['<f4', '>f8', '|u1', '<i8', '<U10', '|O', '<c8', '<f2', '', "<f4'", '<i16', 'f4', '<b1', '=i4', '|V8', '<f0'];
const SHAPES = ['(', '()', '(-1,)', '(NaN,)', '(2.5, 3)', '(1e3,)', '(99999999999999999999,)', '(3L, 4L)', '(0,)', '(4294967296, 4294967296)', '(,)', '(1,,2)', '(2, 3, 4, 5, 6)', '(6,)', '(0x10,)', "('a',)", '(1, -0)', '(' + '1, '.repeat(300) + ')'];
const FORTRANS = ['True', 'False', '1', 'None', '', 'false'];

/**
 * The bytes of case `index` of a run seeded `seed` (the same every time).
 *
 * @example
 * ```ts
 * npyFuzzInput(npySeeds(), 1, 3).id; // 'seed 1 case 3 (f8-be-3, shape (NaN,))'
 * ```
 */
export function npyFuzzInput(seeds: readonly NpySeed[], seed: number, index: number): { id: string; bytes: Uint8Array } {
  const rng = new SeededRandom(caseSeed(seed, index));
  const s = seeds[rng.int(seeds.length)]!;
  const { bytes, how } = mutateNpy(s.bytes, rng);
  return { id: `seed ${seed} case ${index} (${s.name}, ${how})`, bytes };
}

/**
 * One seeded corruption of valid `.npy` bytes, and its description.
 *
 * @example
 * ```ts
 * mutateNpy(npySeeds()[0]!.bytes, new SeededRandom(1)).how; // e.g. "descr '<U10'"
 * ```
 */
export function mutateNpy(bytes: Uint8Array, rng: SeededRandom): { bytes: Uint8Array; how: string } {
  const major = bytes[6]!;
  const pre = major === 1 ? 10 : 12;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const header = new TextDecoder('latin1').decode(bytes.subarray(pre, pre + headerLen));
  const data = bytes.subarray(pre + headerLen);
  const pick = <T>(list: readonly T[]): T => list[rng.int(list.length)]!;
  const withDict = (d: string, how: string): { bytes: Uint8Array; how: string } => ({ bytes: npyBytes(d, data, major), how });
  switch (rng.int(9)) {
    case 0: {
      const v = pick(DESCRS);
      return withDict(header.replace(/'descr'\s*:\s*'[^']*'/, `'descr': '${v}'`), `descr '${v}'`);
    }
    case 1: {
      const v = pick(SHAPES);
      return withDict(header.replace(/'shape'\s*:\s*\([^)]*\)/, `'shape': ${v}`), `shape ${v.slice(0, 40)}`);
    }
    case 2: {
      const v = pick(FORTRANS);
      return withDict(header.replace(/'fortran_order'\s*:\s*\w+/, `'fortran_order': ${v}`), `fortran_order ${v}`);
    }
    case 3: {
      const key = pick(['descr', 'fortran_order', 'shape']);
      return withDict(header.replace(new RegExp(`'${key}'\\s*:`), `'${key}_gone':`), `no ${key}`);
    }
    case 4: {
      const v = pick(SHAPES);
      return withDict(header.replace('{', `{'shape': ${v}, `), `shape given twice (${v.slice(0, 20)} first)`);
    }
    case 5: {
      const out = Uint8Array.from(bytes);
      const value = pick([0, 1, headerLen - 1, headerLen + 1, headerLen + 64, 0xffff, 2 ** 32 - 1]);
      const at = new DataView(out.buffer);
      if (major === 1) at.setUint16(8, value & 0xffff, true);
      else at.setUint32(8, value, true);
      return { bytes: out, how: `header length ${value}` };
    }
    case 6: {
      const out = Uint8Array.from(bytes);
      const which = rng.int(3);
      if (which === 0) out[6] = pick([0, 2, 3, 4, 255]);
      else if (which === 1) out[rng.int(6)] ^= 1 << rng.int(8);
      else return { bytes: out.subarray(0, rng.int(Math.min(out.length, 13))), how: 'preamble cut' };
      return { bytes: out, how: which === 0 ? `version ${out[6]}` : 'magic' };
    }
    case 7:
      return rng.uniform() < 0.5
        ? { bytes: bytes.subarray(0, pre + headerLen + rng.int(Math.max(1, data.length))), how: 'data cut' }
        : { bytes: concat(bytes, ramp(1 + rng.int(16))), how: 'data extended' };
    default: {
      const m = mutateBytes(bytes, rng);
      return { bytes: m.bytes, how: `bytes:${m.mutation}` };
    }
  }
}

/**
 * Reads one case and checks the result is whole: exactly the elements its shape holds, in a known dtype.
 *
 * @example
 * ```ts
 * runNpyPipeline(npyFuzzInput(npySeeds(), 1, 3)); // [{ stage: 'read', outcome: 'core/npy-invalid' }]
 * ```
 */
export function runNpyPipeline(input: { bytes: Uint8Array }): StageOutcome[] {
  const stages: StageOutcome[] = [];
  attempt('read', () => {
    const a = readNpy(input.bytes, { source: 'fuzz.npy' });
    const count = a.shape.reduce((x, y) => x * y, 1);
    if (!a.shape.every((d) => Number.isSafeInteger(d) && d >= 0) || a.data.length !== count) {
      throw new Error(`inconsistent result: shape [${a.shape.join(', ')}] with ${a.data.length} values`);
    }
    return a;
  }, (e) => isKenobiError(e) && e.code.startsWith('core/npy-'), stages);
  return stages;
}

/**
 * Seeded byte-level mutations for fuzzing file readers: what a cut-off download, a flipped bit, a zeroed or
 * 0xFF-filled sector, a lost or repeated run of bytes does to a file. Format-blind: each reader's fuzzer adds
 * its own format-aware mutations on top. Used by the fuzz tests and `scripts/fuzz/`; not shipped.
 */
import type { SeededRandom } from '../seeded-random.js';

/** The byte mutations {@link mutateBytes} draws from. */
export const BYTE_MUTATIONS = Object.freeze([
  'truncate',
  'flip-bits',
  'random-bytes',
  'delete-run',
  'ff-block',
  'zero-block',
  'duplicate-run',
  'insert-random',
] as const);

/** One of {@link BYTE_MUTATIONS}. */
export type ByteMutation = (typeof BYTE_MUTATIONS)[number];

/**
 * A mutated copy of `bytes` (never the input itself), with the mutation drawn from `rng` unless given.
 * Positions favour the start of the file, where headers live, half of the time.
 *
 * @example
 * ```ts
 * const rng = new SeededRandom(7);
 * const { bytes: bad, mutation } = mutateBytes(goodBytes, rng); // e.g. mutation 'ff-block'
 * ```
 */
export function mutateBytes(bytes: Uint8Array, rng: SeededRandom, mutation?: ByteMutation): { bytes: Uint8Array; mutation: ByteMutation } {
  const kind = mutation ?? BYTE_MUTATIONS[rng.int(BYTE_MUTATIONS.length)]!;
  const n = bytes.length;
  const at = (): number => (n === 0 ? 0 : rng.uniform() < 0.5 ? rng.int(Math.min(n, 256)) : rng.int(n));
  const runLength = (): number => 1 + rng.int(rng.uniform() < 0.7 ? 16 : Math.max(1, Math.min(n, 65536)));
  const out = Uint8Array.prototype.slice.call(bytes);
  switch (kind) {
    case 'truncate':
      return { bytes: out.subarray(0, n === 0 ? 0 : rng.int(n)), mutation: kind };
    case 'flip-bits': {
      const flips = 1 + rng.int(8);
      for (let k = 0; k < flips && n > 0; k++) out[at()]! ^= 1 << rng.int(8);
      return { bytes: out, mutation: kind };
    }
    case 'random-bytes': {
      const p = at();
      const len = runLength();
      for (let i = p; i < Math.min(n, p + len); i++) out[i] = rng.int(256);
      return { bytes: out, mutation: kind };
    }
    case 'ff-block':
    case 'zero-block': {
      const p = at();
      out.fill(kind === 'ff-block' ? 0xff : 0, p, Math.min(n, p + runLength()));
      return { bytes: out, mutation: kind };
    }
    case 'delete-run': {
      const p = at();
      const end = Math.min(n, p + runLength());
      return { bytes: concat(out.subarray(0, p), out.subarray(end)), mutation: kind };
    }
    case 'duplicate-run': {
      const p = at();
      const end = Math.min(n, p + runLength());
      return { bytes: concat(out.subarray(0, end), out.subarray(p, end), out.subarray(end)), mutation: kind };
    }
    case 'insert-random': {
      const p = at();
      const extra = new Uint8Array(runLength());
      for (let i = 0; i < extra.length; i++) extra[i] = rng.int(256);
      return { bytes: concat(out.subarray(0, p), extra, out.subarray(p)), mutation: kind };
    }
  }
}

/**
 * The byte arrays one after the other, in a new array.
 *
 * @example
 * ```ts
 * concat(Uint8Array.of(1), Uint8Array.of(2, 3)); // Uint8Array [1, 2, 3]
 * ```
 */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

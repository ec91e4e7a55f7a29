/**
 * A deterministic FITS mutator for the fuzz test and `scripts/fuzz/fits.ts`: from a seed file and a
 * {@link SeededRandom}, one to three mutations among truncation, random bytes, deleted runs, 0xFF (or 0x00)
 * blocks and, most often, header-card rewrites that set the structural keywords (NAXIS, NAXISn, BITPIX,
 * PCOUNT, GCOUNT, THEAP, ZNAXISn, ZTILEn, ZBITPIX, TFORMn, TBCOLn and the other keywords the reader sizes or
 * branches on) of any HDU to absurd values: negative, zero, huge, fractional, infinite, non-numeric, missing.
 * Not part of the package's API.
 */
import type { SeededRandom } from '@kenobi/core';
import type { FitsSeed } from './fits-seeds.js';

/** The kinds of mutation. */
export const FITS_MUTATIONS = Object.freeze(['truncate', 'random-bytes', 'delete-run', 'fill-block', 'keyword', 'drop-card', 'duplicate-run'] as const);
/** One of {@link FITS_MUTATIONS}. */
export type FitsMutation = (typeof FITS_MUTATIONS)[number];

/** A mutated file and what was done to it (for replaying and reporting). */
export interface MutatedFits {
  readonly bytes: Uint8Array;
  readonly steps: readonly string[];
}

/** Keywords whose values size allocations or choose decoders; the mutator rewrites these. */
const STRUCTURAL = /^(NAXIS\d*|BITPIX|PCOUNT|GCOUNT|THEAP|ZNAXIS\d*|ZTILE\d+|ZBITPIX|TFORM\d+|TBCOL\d+|TFIELDS|ZVAL\d+|ZNAME\d+|ZDITHER0|ZCMPTYPE|ZQUANTIZ|BSCALE|BZERO|BLANK|ZBLANK|ZSCALE|ZZERO|XTENSION|ZIMAGE|GROUPS|EXTEND|EXTVER|EXTNAME|TTYPE\d+|SIMPLE)$/;

/** Absurd numbers, as card text (some of which no FITS writer could produce: 1E999 reads as Infinity). */
const ABSURD_NUMBERS = [
  '-1', '0', '1', '2', '3', '-2147483648', '2147483647', '2147483648', '4294967297', '1099511627776', '9007199254740993',
  '99999999999999999999999', '1E300', '-1E300', '1E999', '-1E999', '0.5', '2.5', '-0.0', '1E-300', '999', '1000', '65536',
  '16777216', '-32', '-64', '64', '12', '7',
];
const ABSURD_TEXT = ["'abc'", "''", 'T', 'F', 'NaN', '', "'1'", '(1, 2)', 'INF'];
const TFORMS = ["'1PB(999999999)'", "'99999999999J'", "'-1J'", "'0J'", "'Z'", "''", "'1PZ'", "'1QB(3)'", "'2147483648PB'", "'1.5E'",
  "'100000000000000000000A'", "'8X'", "'1PE'", "'1QD'", "'1PI'", "'3PB'", "'1E'", "'2D'", "'1K'"];
const ALGORITHMS = ["'RICE_1'", "'GZIP_1'", "'GZIP_2'", "'PLIO_1'", "'HCOMPRESS_1'", "'NOCOMPRESS'", "'RICE_ONE'", "'BOGUS'"];
const QUANTIZE = ["'NO_DITHER'", "'SUBTRACTIVE_DITHER_1'", "'SUBTRACTIVE_DITHER_2'", "'NONE'", "'BOGUS'"];
const XTENSIONS = ["'IMAGE   '", "'BINTABLE'", "'TABLE   '", "'A3DTABLE'", "'FOO     '", "'IUEIMAGE'"];
const ZNAMES = ["'BLOCKSIZE'", "'BYTEPIX'", "'NOISEBIT'", "'SMOOTH'"];

function pick<T>(rng: SeededRandom, list: readonly T[]): T {
  return list[rng.int(list.length)]!;
}

/** Where the value cards are: byte offset (a multiple of 80) and keyword. */
function findCards(bytes: Uint8Array): { at: number; keyword: string }[] {
  const out: { at: number; keyword: string }[] = [];
  for (let at = 0; at + 80 <= bytes.length; at += 80) {
    if (bytes[at + 8] !== 0x3d) continue; // '=' in column 9
    let key = '';
    for (let i = 0; i < 8; i += 1) key += String.fromCharCode(bytes[at + i]!);
    key = key.trimEnd();
    if (/^[A-Z0-9_-]+$/.test(key)) out.push({ at, keyword: key });
  }
  return out;
}

/** A new value, as card text, for this keyword. */
function absurdValue(rng: SeededRandom, keyword: string, current: string): string {
  const r = rng.uniform();
  if (/^TFORM/.test(keyword) && r < 0.7) return pick(rng, TFORMS);
  if (keyword === 'ZCMPTYPE' && r < 0.8) return pick(rng, ALGORITHMS);
  if (keyword === 'ZQUANTIZ' && r < 0.8) return pick(rng, QUANTIZE);
  if (keyword === 'XTENSION' && r < 0.8) return pick(rng, XTENSIONS);
  if (/^ZNAME/.test(keyword) && r < 0.8) return pick(rng, ZNAMES);
  if (r < 0.15) return pick(rng, ABSURD_TEXT);
  const n = Number(current.replace(/[Dd]/, 'E'));
  if (r < 0.35 && Number.isFinite(n) && current.trim() !== '') {
    // Near the real value: off by one, doubled, negated, a fraction off.
    const near = [n + 1, n - 1, n * 2, -n, n + 0.5, n * 1000, Math.floor(n / 2)];
    return String(pick(rng, near)).toUpperCase();
  }
  return pick(rng, ABSURD_NUMBERS);
}

function writeCard(bytes: Uint8Array, at: number, keyword: string, value: string): void {
  const text = `${keyword.padEnd(8)}= ${value.padStart(value.startsWith("'") ? 0 : 20)}`.padEnd(80).slice(0, 80);
  for (let i = 0; i < 80; i += 1) bytes[at + i] = text.charCodeAt(i);
}

function cardValue(bytes: Uint8Array, at: number): string {
  let s = '';
  for (let i = 10; i < 80; i += 1) s += String.fromCharCode(bytes[at + i]!);
  const slash = s.startsWith("'") ? -1 : s.indexOf('/');
  return (slash >= 0 ? s.slice(0, slash) : s).trim();
}

/** One mutation applied in place (or to a copy); returns the new bytes and a description. */
function mutateOnce(input: Uint8Array, rng: SeededRandom): { bytes: Uint8Array; step: string } {
  const len = input.length;
  const r = rng.uniform();
  const cards = findCards(input);
  const structural = cards.filter((c) => STRUCTURAL.test(c.keyword));
  if (r < 0.5 && structural.length > 0) {
    const bytes = input.slice();
    const c = pick(rng, structural);
    const value = absurdValue(rng, c.keyword, cardValue(bytes, c.at));
    writeCard(bytes, c.at, c.keyword, value);
    return { bytes, step: `keyword ${c.keyword}@${c.at}=${value}` };
  }
  if (r < 0.57 && cards.length > 0) {
    const bytes = input.slice();
    const c = pick(rng, structural.length > 0 && rng.uniform() < 0.7 ? structural : cards);
    bytes.fill(32, c.at, c.at + 80);
    return { bytes, step: `drop-card ${c.keyword}@${c.at}` };
  }
  if (len === 0) return { bytes: input, step: 'none (empty)' };
  if (r < 0.67) {
    // Truncate, often at a block or card boundary.
    const mode = rng.int(3);
    const cut = mode === 0 ? rng.int(len) : mode === 1 ? Math.floor(rng.int(len) / 2880) * 2880 : Math.floor(rng.int(len) / 80) * 80;
    return { bytes: input.slice(0, cut), step: `truncate ${cut}` };
  }
  if (r < 0.77) {
    const bytes = input.slice();
    const n = 1 + rng.int(8);
    const at: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const p = rng.int(len);
      bytes[p] = rng.int(256);
      at.push(p);
    }
    return { bytes, step: `random-bytes ${at.join(',')}` };
  }
  if (r < 0.85) {
    const at = rng.int(len);
    const n = 1 + rng.int(Math.min(len - at, rng.uniform() < 0.5 ? 80 : 2880));
    const bytes = new Uint8Array(len - n);
    bytes.set(input.subarray(0, at));
    bytes.set(input.subarray(at + n), at);
    return { bytes, step: `delete-run ${at}+${n}` };
  }
  if (r < 0.93) {
    const bytes = input.slice();
    const at = rng.uniform() < 0.5 ? Math.floor(rng.int(len) / 2880) * 2880 : rng.int(len);
    const n = 1 + rng.int(rng.uniform() < 0.5 ? 64 : 2880);
    const value = rng.uniform() < 0.7 ? 0xff : 0x00;
    bytes.fill(value, at, Math.min(len, at + n));
    return { bytes, step: `fill-block ${value.toString(16)} ${at}+${n}` };
  }
  const at = rng.int(len);
  const n = 1 + rng.int(Math.min(len - at, 2880));
  const to = rng.int(len);
  const bytes = new Uint8Array(len + n);
  bytes.set(input.subarray(0, to));
  bytes.set(input.subarray(at, at + n), to);
  bytes.set(input.subarray(to), to + n);
  return { bytes, step: `duplicate-run ${at}+${n}->${to}` };
}

/**
 * Mutates a seed: one to three mutations. For a seed in a container (gzip), mutations reach the FITS inside
 * (then it is wrapped again) more often than the container's own bytes.
 *
 * @example
 * ```ts
 * const { bytes, steps } = mutateFits(fitsSeeds()[0]!, new SeededRandom(7));
 * steps; // ['keyword NAXIS1@240=-1']
 * ```
 */
export function mutateFits(seed: FitsSeed, rng: SeededRandom): MutatedFits {
  const inner = seed.inner !== undefined && rng.uniform() < 0.7;
  let bytes = inner ? seed.inner!.bytes : seed.bytes;
  const steps: string[] = [];
  const n = 1 + (rng.uniform() < 0.6 ? 0 : rng.int(3));
  for (let i = 0; i < n; i += 1) {
    const m = mutateOnce(bytes, rng);
    bytes = m.bytes;
    steps.push(m.step);
  }
  if (inner) {
    bytes = seed.inner!.wrap(bytes);
    steps.push('(inside the container)');
  }
  return { bytes, steps };
}

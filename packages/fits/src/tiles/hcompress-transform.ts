/**
 * The inverse H-transform of HCOMPRESS_1 (R. White, STScI), with the optional smoothing of its coefficients,
 * in the two integer arithmetics CFITSIO uses: 32-bit `int` for 8/16-bit images and 64-bit for 32-bit and
 * quantised float images. The 32-bit one is JavaScript's own bit arithmetic; the 64-bit one is done exactly
 * on doubles (shifts and masks as floor divisions by powers of two), which holds for values below 2^53.
 */

/** Integer operations in one of the two widths. */
interface Arith {
  /** x & −p for a power of two p (rounding down to a multiple of p). */
  floorTo(x: number, p: number): number;
  /** x & p for a power of two p. */
  bitOf(x: number, p: number): number;
  /** x >> s (arithmetic). */
  shr(x: number, s: number): number;
  /** x << s. */
  shl(x: number, s: number): number;
}

const NARROW: Arith = {
  floorTo: (x, p) => x & -p,
  bitOf: (x, p) => x & p,
  shr: (x, s) => x >> s,
  shl: (x, s) => x << s,
};

const WIDE: Arith = {
  floorTo: (x, p) => Math.floor(x / p) * p,
  bitOf: (x, p) => ((((Math.floor(x / p) % 2) + 2) % 2) === 1 ? p : 0),
  shr: (x, s) => Math.floor(x / 2 ** s),
  shl: (x, s) => x * 2 ** s,
};

/** Interleaves the two halves of `n` elements (stride `n2`, from `at`) back into even and odd places. */
function unshuffle(a: Float64Array | Int32Array, at: number, n: number, n2: number, tmp: Float64Array | Int32Array): void {
  const nhalf = (n + 1) >> 1;
  for (let i = nhalf, t = 0, p = at + n2 * nhalf; i < n; i += 1, t += 1, p += n2) tmp[t] = a[p]!;
  for (let i = nhalf - 1, p2 = at + n2 * (nhalf - 1), p1 = at + ((n2 * (nhalf - 1)) << 1); i >= 0; i -= 1, p2 -= n2, p1 -= 2 * n2) a[p1] = a[p2]!;
  for (let i = 1, t = 0, p1 = at + n2; i < n; i += 2, t += 1, p1 += 2 * n2) a[p1] = tmp[t]!;
}

/**
 * The transform for one arithmetic. NOTE: one closure per width, so each is monomorphic in `m` and V8 inlines
 * its operations (a shared function taking `m` as an argument ran about twice as slowly).
 */
function transformFor(m: Arith): (a: Float64Array | Int32Array, nx: number, ny: number, smoothing: boolean, scale: number, log2n: number) => void {
/** Moves coefficients toward values interpolated from the neighbouring zones, within ± scale/2. */
function smooth(a: Float64Array | Int32Array, nxtop: number, nytop: number, ny: number, scale: number): void {
  const smax = scale >> 1;
  if (smax <= 0) return;
  const ny2 = ny << 1;
  const clamp = (s: number): number => Math.max(Math.min(s, smax), -smax);
  // x differences hx
  for (let i = 2; i < nxtop - 2; i += 2) {
    let s00 = ny * i, s10 = s00 + ny;
    for (let j = 0; j < nytop; j += 2, s00 += 2, s10 += 2) {
      const hm = a[s00 - ny2]!, h0 = a[s00]!, hp = a[s00 + ny2]!;
      let diff = hp - hm;
      const dmax = m.shl(Math.max(Math.min(hp - h0, h0 - hm), 0), 2);
      const dmin = m.shl(Math.min(Math.max(hp - h0, h0 - hm), 0), 2);
      if (dmin < dmax) {
        diff = Math.max(Math.min(diff, dmax), dmin);
        let s = diff - m.shl(a[s10]!, 3);
        s = s >= 0 ? m.shr(s, 3) : m.shr(s + 7, 3);
        a[s10] = a[s10]! + clamp(s);
      }
    }
  }
  // y differences hy
  for (let i = 0; i < nxtop; i += 2) {
    let s00 = ny * i + 2;
    for (let j = 2; j < nytop - 2; j += 2, s00 += 2) {
      const hm = a[s00 - 2]!, h0 = a[s00]!, hp = a[s00 + 2]!;
      let diff = hp - hm;
      const dmax = m.shl(Math.max(Math.min(hp - h0, h0 - hm), 0), 2);
      const dmin = m.shl(Math.min(Math.max(hp - h0, h0 - hm), 0), 2);
      if (dmin < dmax) {
        diff = Math.max(Math.min(diff, dmax), dmin);
        let s = diff - m.shl(a[s00 + 1]!, 3);
        s = s >= 0 ? m.shr(s, 3) : m.shr(s + 7, 3);
        a[s00 + 1] = a[s00 + 1]! + clamp(s);
      }
    }
  }
  // curvature differences hc
  for (let i = 2; i < nxtop - 2; i += 2) {
    let s00 = ny * i + 2, s10 = s00 + ny;
    for (let j = 2; j < nytop - 2; j += 2, s00 += 2, s10 += 2) {
      const hmm = a[s00 - ny2 - 2]!, hpm = a[s00 + ny2 - 2]!, hmp = a[s00 - ny2 + 2]!, hpp = a[s00 + ny2 + 2]!, h0 = a[s00]!;
      let diff = hpp + hmm - hmp - hpm;
      const hx2 = m.shl(a[s10]!, 1), hy2 = m.shl(a[s00 + 1]!, 1);
      let m1 = Math.min(Math.max(hpp - h0, 0) - hx2 - hy2, Math.max(h0 - hpm, 0) + hx2 - hy2);
      let m2 = Math.min(Math.max(h0 - hmp, 0) - hx2 + hy2, Math.max(hmm - h0, 0) + hx2 + hy2);
      const dmax = m.shl(Math.min(m1, m2), 4);
      m1 = Math.max(Math.min(hpp - h0, 0) - hx2 - hy2, Math.min(h0 - hpm, 0) + hx2 - hy2);
      m2 = Math.max(Math.min(h0 - hmp, 0) - hx2 + hy2, Math.min(hmm - h0, 0) + hx2 + hy2);
      const dmin = m.shl(Math.max(m1, m2), 4);
      if (dmin < dmax) {
        diff = Math.max(Math.min(diff, dmax), dmin);
        let s = diff - m.shl(a[s10 + 1]!, 6);
        s = s >= 0 ? m.shr(s, 6) : m.shr(s + 63, 6);
        a[s10 + 1] = a[s10 + 1]! + clamp(s);
      }
    }
  }
}

return function hInverseWith(a: Float64Array | Int32Array, nx: number, ny: number, smoothing: boolean, scale: number, log2n: number): void {
  const tmp = a instanceof Int32Array ? new Int32Array((Math.max(nx, ny) + 1) >> 1) : new Float64Array((Math.max(nx, ny) + 1) >> 1);
  let shift = 1;
  let bit0 = 2 ** (log2n - 1), bit1 = 2 * bit0, bit2 = 4 * bit0;
  let prnd0 = bit0 / 2, prnd1 = bit1 / 2;
  const prnd2 = bit2 / 2;
  let nrnd0 = prnd0 - 1, nrnd1 = prnd1 - 1;
  const nrnd2 = prnd2 - 1;
  // NOTE: for log2n = 0 (a 1 × 1 tile) bit0 is ½ and prnd0 ¼: C's integer shifts make them 0; so here.
  if (log2n === 0) { bit0 = 0; prnd0 = 0; nrnd0 = -1; }
  a[0] = m.floorTo(a[0]! + (a[0]! >= 0 ? prnd2 : nrnd2), bit2);
  let nxtop = 1, nytop = 1, nxf = nx, nyf = ny, c = 2 ** log2n;
  for (let k = log2n - 1; k >= 0; k -= 1) {
    c /= 2;
    nxtop <<= 1;
    nytop <<= 1;
    if (nxf <= c) nxtop -= 1; else nxf -= c;
    if (nyf <= c) nytop -= 1; else nyf -= c;
    if (k === 0) {
      nrnd0 = 0;
      shift = 2;
    }
    for (let i = 0; i < nxtop; i += 1) unshuffle(a, ny * i, nytop, 1, tmp);
    for (let j = 0; j < nytop; j += 1) unshuffle(a, j, nxtop, ny, tmp);
    if (smoothing) smooth(a, nxtop, nytop, ny, scale);
    const oddx = nxtop % 2, oddy = nytop % 2;
    let i = 0;
    for (; i < nxtop - oddx; i += 2) {
      let s00 = ny * i, s10 = s00 + ny;
      let j = 0;
      for (; j < nytop - oddy; j += 2, s00 += 2, s10 += 2) {
        let h0 = a[s00]!, hx = a[s10]!, hy = a[s00 + 1]!, hc = a[s10 + 1]!;
        hx = m.floorTo(hx + (hx >= 0 ? prnd1 : nrnd1), bit1);
        hy = m.floorTo(hy + (hy >= 0 ? prnd1 : nrnd1), bit1);
        hc = m.floorTo(hc + (hc >= 0 ? prnd0 : nrnd0), bit0);
        const lowbit0 = m.bitOf(hc, bit0);
        hx = hx >= 0 ? hx - lowbit0 : hx + lowbit0;
        hy = hy >= 0 ? hy - lowbit0 : hy + lowbit0;
        const lowbit1 = (m.bitOf(hc, bit1) !== 0) !== (m.bitOf(hx, bit1) !== 0) !== (m.bitOf(hy, bit1) !== 0) ? bit1 : 0;
        h0 = h0 >= 0 ? h0 + lowbit0 - lowbit1 : h0 + (lowbit0 === 0 ? lowbit1 : lowbit0 - lowbit1);
        a[s10 + 1] = m.shr(h0 + hx + hy + hc, shift);
        a[s10] = m.shr(h0 + hx - hy - hc, shift);
        a[s00 + 1] = m.shr(h0 - hx + hy - hc, shift);
        a[s00] = m.shr(h0 - hx - hy + hc, shift);
      }
      if (oddy) {
        let h0 = a[s00]!, hx = a[s10]!;
        hx = m.floorTo(hx >= 0 ? hx + prnd1 : hx + nrnd1, bit1);
        const lowbit1 = m.bitOf(hx, bit1);
        h0 = h0 >= 0 ? h0 - lowbit1 : h0 + lowbit1;
        a[s10] = m.shr(h0 + hx, shift);
        a[s00] = m.shr(h0 - hx, shift);
      }
    }
    if (oddx) {
      let s00 = ny * i;
      let j = 0;
      for (; j < nytop - oddy; j += 2, s00 += 2) {
        let h0 = a[s00]!, hy = a[s00 + 1]!;
        hy = m.floorTo(hy >= 0 ? hy + prnd1 : hy + nrnd1, bit1);
        const lowbit1 = m.bitOf(hy, bit1);
        h0 = h0 >= 0 ? h0 - lowbit1 : h0 + lowbit1;
        a[s00 + 1] = m.shr(h0 + hy, shift);
        a[s00] = m.shr(h0 - hy, shift);
      }
      if (oddy) a[s00] = m.shr(a[s00]!, shift);
    }
    bit2 = bit1;
    bit1 = bit0;
    bit0 = Math.floor(bit0 / 2);
    prnd1 = prnd0;
    prnd0 = Math.floor(prnd0 / 2);
    nrnd1 = nrnd0;
    nrnd0 = prnd0 - 1;
  }
};
}

const inverse32 = transformFor(NARROW);
const inverse64 = transformFor(WIDE);

/**
 * Inverts the H-transform of an `nx` × `ny` coefficient array in place (ny varies fastest), smoothing when
 * asked. `a` is an Int32Array for 32-bit arithmetic or a Float64Array for 64-bit.
 *
 * @example
 * ```ts
 * hInverse(coefficients, 300, 300, false, 0, log2n);
 * ```
 */
export function hInverse(a: Float64Array | Int32Array, nx: number, ny: number, smoothing: boolean, scale: number, log2n: number): void {
  (a instanceof Int32Array ? inverse32 : inverse64)(a, nx, ny, smoothing, scale, log2n);
}

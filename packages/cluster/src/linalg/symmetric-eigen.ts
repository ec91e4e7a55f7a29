/**
 * Eigen-decomposition of a real symmetric matrix: Householder tridiagonalisation and the implicit QL method
 * (tred2/tql2, as in EISPACK and JAMA). O(d³); fine for covariance matrices up to a few thousand features.
 * NOTE: written here because no maintained npm package gives a browser-safe, dependency-free eigh.
 */

/**
 * Eigenvalues (descending) and eigenvectors (as rows, same order) of a symmetric d × d matrix.
 *
 * @example
 * ```ts
 * const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
 * values;  // Float64Array [3, 1]
 * vectors; // rows: [0.707, 0.707], [-0.707, 0.707] (signs arbitrary)
 * ```
 */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const V: Float64Array[] = Array.from({ length: n }, (_, i) => a.slice(i * n, (i + 1) * n));
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tred2(n, V, d, e);
  tql2(n, V, d, e);
  const order = Array.from(d.keys()).sort((x, y) => d[y]! - d[x]!);
  const values = Float64Array.from(order, (i) => d[i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((col, r) => { for (let i = 0; i < n; i++) vectors[r * n + i] = V[i]![col]!; });
  return { values, vectors };
}

function tred2(n: number, V: Float64Array[], d: Float64Array, e: Float64Array): void {
  for (let j = 0; j < n; j++) d[j] = V[n - 1]![j]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) { d[j] = V[i - 1]![j]!; V[i]![j] = 0; V[j]![i] = 0; }
    } else {
      for (let k = 0; k < i; k++) { d[k]! /= scale; h += d[k]! * d[k]!; }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        V[j]![i] = f;
        g = e[j]! + V[j]![j]! * f;
        for (let k = j + 1; k <= i - 1; k++) { g += V[k]![j]! * d[k]!; e[k]! += V[k]![j]! * f; }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) { e[j]! /= h; f += e[j]! * d[j]!; }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j]! -= hh * d[j]!;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        for (let k = j; k <= i - 1; k++) V[k]![j]! -= f * e[k]! + g * d[k]!;
        d[j] = V[i - 1]![j]!;
        V[i]![j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[n - 1]![i] = V[i]![i]!;
    V[i]![i] = 1;
    const h = d[i + 1]!;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k]![i + 1]! / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k]![i + 1]! * V[k]![j]!;
        for (let k = 0; k <= i; k++) V[k]![j]! -= g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) V[k]![i + 1] = 0;
  }
  for (let j = 0; j < n; j++) { d[j] = V[n - 1]![j]!; V[n - 1]![j] = 0; }
  V[n - 1]![n - 1] = 1;
  e[0] = 0;
}

function tql2(n: number, V: Float64Array[], d: Float64Array, e: Float64Array): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]!) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      do {
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i]! -= h;
        f += h;
        p = d[m]!;
        let c = 1, c2 = c, c3 = c;
        const el1 = e[l + 1]!;
        let s = 0, s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = Math.hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          for (let k = 0; k < n; k++) {
            const vk = V[k]!;
            h = vk[i + 1]!;
            vk[i + 1] = s * vk[i]! + c * h;
            vk[i] = c * vk[i]! - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > eps * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
}

/** Test support: a float64 tensor for the reference interpreter, and index helpers. */

/** A dense row-major float64 tensor. */
export interface F64Tensor {
  readonly data: Float64Array;
  readonly dims: readonly number[];
}

/**
 * A tensor of zeros.
 *
 * @example
 * ```ts
 * zeros([2, 3]).data.length; // 6
 * ```
 */
export function zeros(dims: readonly number[]): F64Tensor {
  return { data: new Float64Array(dims.reduce((a, b) => a * b, 1)), dims: [...dims] };
}

/**
 * Row-major strides of `dims`.
 *
 * @example
 * ```ts
 * strides([2, 3, 4]); // [12, 4, 1]
 * ```
 */
export function strides(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length);
  let acc = 1;
  for (let i = dims.length - 1; i >= 0; i--) { s[i] = acc; acc *= dims[i]!; }
  return s;
}

/**
 * The numpy broadcast of two shapes.
 *
 * @example
 * ```ts
 * broadcastDims([4, 1, 3], [5, 1]); // [4, 5, 3]
 * ```
 */
export function broadcastDims(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new Error(`cannot broadcast [${a}] with [${b}]`);
    out.push(Math.max(x, y));
  }
  return out;
}

/**
 * Element-wise op with numpy broadcasting over any number of inputs.
 *
 * @example
 * ```ts
 * broadcastMap([a, b], (x, y) => x + y);
 * ```
 */
export function broadcastMap(inputs: readonly F64Tensor[], f: (...v: number[]) => number): F64Tensor {
  const dims = inputs.reduce<number[]>((d, t) => broadcastDims(d, t.dims), []);
  const out = zeros(dims);
  const n = dims.length;
  const inStrides = inputs.map((t) => {
    const s = strides(t.dims);
    return dims.map((d, i) => { const j = i - (n - t.dims.length); return j < 0 || t.dims[j] === 1 ? 0 : s[j]!; });
  });
  const idx = new Array<number>(n).fill(0);
  const vals = new Array<number>(inputs.length);
  for (let o = 0; o < out.data.length; o++) {
    for (let k = 0; k < inputs.length; k++) {
      let off = 0;
      for (let i = 0; i < n; i++) off += idx[i]! * inStrides[k]![i]!;
      vals[k] = inputs[k]!.data[off]!;
    }
    out.data[o] = f(...vals);
    for (let i = n - 1; i >= 0; i--) { if (++idx[i]! < dims[i]!) break; idx[i] = 0; }
  }
  return out;
}

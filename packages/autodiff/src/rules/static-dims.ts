/**
 * Reasoning about static dims that may be symbolic: a name such as 'N' is one unknown size (the same name is
 * the same size), '?' is a size nobody named (two '?' may differ).
 */
import type { Dim, NodeProto } from '@kenobi/onnx';
import type { GradContext } from '../gradient-rule.js';

/**
 * True when two dims are certainly the same size.
 *
 * @example
 * ```ts
 * sameDim('N', 'N'); // true
 * sameDim('?', '?'); // false: two unnamed sizes
 * ```
 */
export function sameDim(a: Dim, b: Dim): boolean {
  return a === b && a !== '?';
}

/**
 * The numpy broadcast of static shapes: a number wins over a name (the name must then be 1 or that number), two
 * different names give '?'.
 *
 * @example
 * ```ts
 * broadcastStaticDims([['N', 1, 4], [3, 1]]); // ['N', 3, 4]
 * ```
 */
export function broadcastStaticDims(shapes: readonly (readonly Dim[])[]): Dim[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: Dim[] = [];
  for (let a = 0; a < rank; a++) {
    let d: Dim = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + a];
      if (v === undefined || v === 1 || sameDim(v, d)) continue;
      if (d === 1) d = v;
      else if (typeof v === 'number') d = v;
      else if (typeof d !== 'number') d = '?';
    }
    out.push(d);
  }
  return out;
}

/**
 * `axis` in [0, rank), from ONNX's [−rank, rank).
 *
 * @example
 * ```ts
 * normalizeAxis(-1, 4); // 3
 * ```
 */
export function normalizeAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/**
 * The product of `dims` as a number, or undefined when one of them is symbolic.
 *
 * @example
 * ```ts
 * staticProduct([2, 3, 4]); // 24
 * staticProduct(['N', 3]);  // undefined
 * ```
 */
export function staticProduct(dims: readonly Dim[]): number | undefined {
  let p = 1;
  for (const d of dims) {
    if (typeof d !== 'number') return undefined;
    p *= d;
  }
  return p;
}

/**
 * The dims of a broadcasting op's output, from its inputs' static dims when all are known, else its own (from
 * value_info, e.g. after a Split, whose outputs inference leaves unknown).
 * NOTE: inputs first: shape inference names the output dim after one of two different symbolic input dims
 * (['N', 3] + ['M', 3] → ['N', 3]), which would hide that 'M' may be 1 and broadcast; here it is '?'.
 *
 * @example
 * ```ts
 * outputDims(ctx, node); // ['N', 8, 4, 4] for Add(x ['N', 8, 4, 4], b [8, 1, 1])
 * ```
 */
export function outputDims(ctx: GradContext, node: NodeProto): readonly Dim[] {
  const inputs = (node.input ?? []).filter((i) => i).map((i) => ctx.dimsOrUndefined(i));
  if (inputs.every((d) => d !== undefined)) return broadcastStaticDims(inputs as (readonly Dim[])[]);
  return ctx.dims(node.output![0]!);
}

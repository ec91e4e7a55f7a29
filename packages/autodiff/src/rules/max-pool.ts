/**
 * MaxPool (any rank, pads, strides, dilations, ceil_mode, auto_pad): the gradient goes to the input element
 * each window took its maximum from. `Indices` (flat over N·C·H·W, row-major) is the forward node's second
 * output; the training rewrite adds it when the node lacks it. ORT takes the first maximum in row-major window
 * order on ties (strict `>`), as PyTorch does, so ties are handled by construction. Two forms:
 * - windows that cannot overlap (span (k−1)·d + 1 ≤ stride on every axis: 2×2/2 and the like), static dims:
 *   `dX = MaxUnpool(dY, Indices, Shape(X))`: each input element receives at most one gradient, so writing
 *   instead of adding is exact, and one zero-fill + write pass replaces ConstantOfShape + ScatterElements
 *   (a 2×2/2 pool over [64, 64, 64, 64], forward + backward: 173 → 132 ms CPU at 1 thread, 255 → 174 at 2);
 * - otherwise `dX = Reshape(ScatterElements(zeros[N·C·H·W], Indices, dY, axis 0, reduction 'add'), Shape(X))`.
 * NOTE: an equality mask (X == upsampled Y) splits or duplicates the gradient on ties (relative error ~0.9
 * after a ReLU) and MaxUnpool loses gradient where windows overlap (FINDINGS.md), hence the geometry test.
 */
import type { NodeProto } from '@kenobi/onnx';
import type { Attrs, GradContext, GradientRule } from '../gradient-rule.js';
import { attrIntOr, attrIntsOr, attrStringOr } from './attributes.js';
import { ceilModeOf, windowGeometry, type WindowGeometry } from './conv-geometry.js';

/**
 * The Indices tensor of each rewritten MaxPool node. NOTE: the rule interface gives backward no handle on
 * what trainingForward emitted; both see the same NodeProto object within one build (forward rewrites run
 * before any backward), and backward removes the entry, so nothing outlives the build.
 */
const indicesOf = new WeakMap<NodeProto, string>();

/** The node's window attributes, storage_order left out (0: row-major indices). */
function windowAttrs(node: NodeProto): Attrs {
  const has = (name: string): boolean => (node.attribute ?? []).some((a) => a.name === name);
  const ints = (name: string): number[] | undefined => (has(name) ? attrIntsOr(node, name, []) : undefined);
  return {
    auto_pad: has('auto_pad') ? attrStringOr(node, 'auto_pad', 'NOTSET') : undefined,
    ceil_mode: has('ceil_mode') ? attrIntOr(node, 'ceil_mode', 0) : undefined,
    dilations: ints('dilations'),
    kernel_shape: ints('kernel_shape'),
    pads: ints('pads'),
    strides: ints('strides'),
  };
}

/**
 * The node's windows when no two of them share an input element and the spatial dims are static, else
 * undefined (then the gradient needs ScatterElements' 'add').
 */
function disjointWindows(ctx: GradContext, node: NodeProto): WindowGeometry | undefined {
  const dims = ctx.dimsOrUndefined(node.input![0]!);
  const spatial = dims?.slice(2);
  if (!spatial || spatial.length === 0 || spatial.some((d) => typeof d !== 'number')) return undefined;
  const kernel = attrIntsOr(node, 'kernel_shape', []);
  if (kernel.length !== spatial.length) return undefined;
  const g = windowGeometry(node, spatial as number[], kernel, ceilModeOf(node));
  return g.kernel.every((k, i) => (k - 1) * g.dilations[i]! + 1 <= g.strides[i]!) ? g : undefined;
}

/** The second output of a MaxPool over `x` with the node's windows (a fresh node). */
function recomputedIndices(ctx: GradContext, node: NodeProto): string {
  return ctx.ops('MaxPool', [node.input![0]!], windowAttrs(node), 2)[1]!;
}

/**
 * The gradient rule of `MaxPool`.
 *
 * @example
 * ```ts
 * gradientRule('MaxPool') === maxPoolRule; // true
 * // training forward: MaxPool(x) → (y, indices); backward, 3×3/2 windows (overlapping):
 * // dX = Reshape(ScatterElements(zeros, indices, dY, reduction 'add'), Shape(x)); 2×2/2: dX = MaxUnpool(dY, indices, Shape(x))
 * ```
 */
export const maxPoolRule: GradientRule = {
  opType: 'MaxPool',
  unsupported(node) {
    if (node.output?.[1] && attrIntOr(node, 'storage_order', 0) !== 0) return 'storage_order 1 with an Indices output: the gradient needs row-major indices';
    return undefined;
  },
  trainingForward(ctx, node) {
    const given = node.output?.[1];
    if (given) { indicesOf.set(node, given); return false; }
    const [y, indices] = ctx.ops('MaxPool', [node.input![0]!], windowAttrs(node), 2);
    ctx.opNamed('Identity', [y!], {}, [node.output![0]!]);
    indicesOf.set(node, indices!);
    return true;
  },
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined];
    const x = node.input![0]!;
    const indices = indicesOf.get(node) ?? (node.output?.[1] || recomputedIndices(ctx, node));
    indicesOf.delete(node);
    const disjoint = disjointWindows(ctx, node);
    if (disjoint) {
      // NOTE: MaxUnpool checks that its own size estimate (out−1)·s + k − pads fits in output_shape; its pads
      // serve only that estimate, so they are set to what makes it fit (ceil mode can overshoot H).
      const over = disjoint.outSize.map((o, i) => Math.max(0, (o - 1) * disjoint.strides[i]! + disjoint.kernel[i]! - disjoint.inSize[i]!));
      return [ctx.op('MaxUnpool', [dY, indices, ctx.op('Shape', [x])], {
        kernel_shape: [...disjoint.kernel],
        strides: [...disjoint.strides],
        pads: [...over.map(() => 0), ...over],
      })];
    }
    const flat = ctx.constI64([-1]);
    const zeros = ctx.op('ConstantOfShape', [ctx.op('Reshape', [ctx.op('Size', [x]), ctx.constI64([1])])]);
    const scattered = ctx.op('ScatterElements', [zeros, ctx.op('Reshape', [indices, flat]), ctx.op('Reshape', [dY, flat])], { axis: 0, reduction: 'add' });
    return [ctx.op('Reshape', [scattered, ctx.op('Shape', [x])])];
  },
};

/**
 * Add, Sub, Mul, Div (and Pow) below opset 7 broadcast only when `broadcast=1`, and then B's dims match A's
 * from `axis` on (suffix matching without `axis`); without the flag the shapes are equal. From 7 they follow
 * numpy. Suffix matching and equal shapes already mean the same under numpy; a B placed at an `axis` that does
 * not end at A's last dim gets trailing size-1 axes (an Unsqueeze), as onnx's version_converter does.
 */
import { intValue, takeAttr } from './node-attrs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-7 step of Add, Sub, Mul, Div and Pow.
 *
 * @example
 * ```ts
 * legacyBroadcast(add1, ctx); // Add(x [N,8,28,28], b [8]) {broadcast: 1, axis: 1} → Add(x, Unsqueeze(b, [1, 2]))
 * ```
 */
export const legacyBroadcast: UpgradeStep = (node, ctx) => {
  const flag = takeAttr(node, 'broadcast');
  const axisAttr = takeAttr(node, 'axis');
  if (!flag || intValue(flag) === 0 || !axisAttr) return;
  const [a, b] = [node.input?.[0] ?? '', node.input?.[1] ?? ''];
  const ra = ctx.dims(a)?.length;
  const rb = ctx.dims(b)?.length;
  if (ra === undefined || rb === undefined) {
    return ctx.refuse(`broadcast=1 with axis=${intValue(axisAttr)} needs the ranks of both inputs ('${a}': ${ra ?? 'unknown'}, '${b}': ${rb ?? 'unknown'})`, {
      code: 'autodiff/unknown-shape',
      hint: 'give the graph input shapes (value_info) so static inference finds them',
    });
  }
  const axis = intValue(axisAttr) < 0 ? intValue(axisAttr) + ra : intValue(axisAttr);
  const trailing = ra - axis - rb;
  if (axis < 0 || trailing < 0) return ctx.refuse(`broadcast axis ${intValue(axisAttr)} does not fit a ${rb}-D B into a ${ra}-D A`, { code: 'autodiff/unsupported-attribute' });
  if (trailing > 0) node.input = [a, ctx.unsqueeze(b, Array.from({ length: trailing }, (_, k) => rb + k))];
};

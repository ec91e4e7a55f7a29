/**
 * Gemm below opset 7 has `broadcast` (C is (M, N), or with broadcast=1 a suffix of it, old-style); from 7 C
 * broadcasts to (M, N) numpy-style, which accepts every C the old rule did and reads it the same way: the flag is
 * dropped. A C whose known dims cannot broadcast to (M, N) is refused, as onnx's version_converter does.
 */
import { findAttr, intValue, takeAttr } from './node-attrs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-7 step of Gemm.
 *
 * @example
 * ```ts
 * gemmBroadcast(gemm6, ctx); // Gemm-6 {broadcast: 1, transB: 1} with C [1000] → Gemm-7 {transB: 1}
 * ```
 */
export const gemmBroadcast: UpgradeStep = (node, ctx) => {
  takeAttr(node, 'broadcast');
  const [a, b, c] = [ctx.dims(node.input?.[0] ?? ''), ctx.dims(node.input?.[1] ?? ''), ctx.dims(node.input?.[2] ?? '')];
  if (!a || !b || !c || a.length !== 2 || b.length !== 2) return;
  const flag = (name: string): boolean => { const x = findAttr(node, name); return x !== undefined && intValue(x) !== 0; };
  const mn = [flag('transA') ? a[1]! : a[0]!, flag('transB') ? b[0]! : b[1]!];
  const fits = c.length <= 2 && c.every((d, k) => { const want = mn[mn.length - c.length + k]!; return d === 1 || d === want || typeof d !== 'number' || typeof want !== 'number'; });
  if (!fits) return ctx.refuse(`C [${c.join(', ')}] does not broadcast to (M, N) = (${mn.join(', ')})`, { code: 'autodiff/unsupported-attribute' });
};

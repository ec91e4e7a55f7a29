/** Test support: a float64 Conv (1-D to 3-D, groups, strides, pads, dilations, auto_pad, optional bias). */
import { attrInt, type NodeProto } from '@kenobi/onnx';
import { zeros, type F64Tensor } from './f64-tensor.js';
import { referenceWindows } from './spatial-window.js';

/**
 * Y[n, m, o] = B[m] + Σ_{c in m's group} Σ_t X[n, c, o·s − pb + t·d] · W[m, c, t], taps in the padding
 * reading 0.
 *
 * @example
 * ```ts
 * referenceConv([x, w, b], convNode); // [{ data, dims: [N, M, …out] }]
 * ```
 */
export function referenceConv([x, w, b]: readonly (F64Tensor | undefined)[], node: NodeProto): F64Tensor[] {
  const [N, C, ...spatial] = x!.dims as [number, number, ...number[]];
  const [M, Cg, ...kernel] = w!.dims as [number, number, ...number[]];
  const group = attrInt(node, 'group', 1);
  if (C !== Cg * group || M % group !== 0) throw new Error(`reference Conv: X has ${C} channels, W [${w!.dims}] with group ${group}`);
  const g = referenceWindows(node, spatial, kernel);
  const [D, H, W] = g.size as [number, number, number], [KD, KH, KW] = g.kernel as [number, number, number];
  const [OD, OH, OW] = g.out as [number, number, number];
  const y = zeros([N, M, ...g.out.slice(3 - spatial.length)]);
  const mPerGroup = M / group;
  let o = 0;
  for (let n = 0; n < N; n++) for (let m = 0; m < M; m++) {
    const c0 = Math.floor(m / mPerGroup) * Cg;
    for (let od = 0; od < OD; od++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++, o++) {
      let sum = b ? b.data[m]! : 0;
      for (let c = 0; c < Cg; c++) for (let kd = 0; kd < KD; kd++) {
        const id = od * g.stride[0]! - g.padBegin[0]! + kd * g.dilation[0]!;
        if (id < 0 || id >= D) continue;
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * g.stride[1]! - g.padBegin[1]! + kh * g.dilation[1]!;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * g.stride[2]! - g.padBegin[2]! + kw * g.dilation[2]!;
            if (iw < 0 || iw >= W) continue;
            sum += x!.data[((((n * C + c0 + c) * D + id) * H + ih) * W) + iw]! * w!.data[((((m * Cg + c) * KD + kd) * KH + kh) * KW) + kw]!;
          }
        }
      }
      y.data[o] = sum;
    }
  }
  return [y];
}

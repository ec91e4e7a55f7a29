/**
 * The native WebGPU execution provider's Conv bug (onnxruntime 1.30, node and web `/webgpu` bundle): a Conv
 * whose input channel count is divisible by 3, not by 4, and above 3 (6, 9, 15, 18, ...) gives wrong values
 * (relative error 0.5–0.9), with no error. This file finds the Convs it can touch and builds the canary that
 * tells whether the present backend has the bug. Pure TypeScript: no ORT import.
 */
import { onnx } from '@kenobi/onnx';
import { int64ToNumber, type ModelProto } from './model-input.js';

/**
 * True for channel counts the bug affects.
 *
 * @example
 * ```ts
 * [3, 4, 6, 8, 9, 12, 18].filter(isBugChannelCount); // [6, 9, 18]
 * ```
 */
export function isBugChannelCount(channels: number): boolean {
  return channels > 3 && channels % 3 === 0 && channels % 4 !== 0;
}

/** A Conv the bug may touch. `inputChannels` is null when the weight is not an initializer (unknown). @example `{ name: 'conv2', inputChannels: 6 }` */
export interface AffectedConv {
  readonly name: string;
  readonly inputChannels: number | null;
}

/**
 * The Conv nodes (default domain and `com.microsoft` FusedConv, subgraphs included) whose input channel count
 * (weight dims[1] × group) or per-group count is affected, or unknown. Conservative on purpose: a false
 * positive costs a CPU run, a false negative a wrong answer.
 *
 * @example
 * ```ts
 * affectedConvs(lenet5Proto); // [{ name: 'conv2', inputChannels: 6 }]
 * ```
 */
export function affectedConvs(model: ModelProto): AffectedConv[] {
  const out: AffectedConv[] = [];
  if (model.graph) scanGraph(model.graph, out);
  return out;
}

function scanGraph(graph: onnx.IGraphProto, out: AffectedConv[]): void {
  const dims = new Map<string, number[]>();
  for (const t of graph.initializer ?? []) dims.set(t.name ?? '', (t.dims ?? []).map((d) => int64ToNumber(d)));
  for (const [i, node] of (graph.node ?? []).entries()) {
    for (const a of node.attribute ?? []) {
      if (a.g) scanGraph(a.g, out);
      for (const g of a.graphs ?? []) scanGraph(g, out);
    }
    const isConv = (node.op_type === 'Conv' && (node.domain ?? '') === '') || node.op_type === 'FusedConv';
    if (!isConv) continue;
    const groupAttr = (node.attribute ?? []).find((a) => a.name === 'group');
    const group = groupAttr ? int64ToNumber(groupAttr.i) || 1 : 1;
    const w = dims.get(node.input?.[1] ?? '');
    const name = node.name || `Conv#${i}`;
    if (!w || w.length < 2) {
      out.push({ name, inputChannels: null });
      continue;
    }
    const perGroup = w[1]!;
    if (isBugChannelCount(perGroup) || isBugChannelCount(perGroup * group)) out.push({ name, inputChannels: perGroup * group });
  }
}

/** The canary's shapes: a 3×3 Conv from 6 to 4 channels on an 8×8 image, padding 1. @example `CANARY_SHAPE.inChannels // 6` */
export const CANARY_SHAPE = Object.freeze({ batch: 1, inChannels: 6, outChannels: 4, size: 8, kernel: 3 });

/**
 * The canary: one Conv with 6 input channels, deterministic weights and input, and its exact answer computed
 * here in plain JavaScript (so the check needs no second backend).
 *
 * @example
 * ```ts
 * const { model, input, dims, expected } = convCanary(); // dims [1, 6, 8, 8], expected.length 256
 * ```
 */
export function convCanary(): { model: Uint8Array; input: Float32Array; dims: number[]; expected: Float32Array } {
  const { batch, inChannels: C, outChannels: M, size: S, kernel: K } = CANARY_SHAPE;
  const w = new Float32Array(M * C * K * K).map((_, i) => Math.sin(i * 1.7 + 0.3));
  const input = new Float32Array(batch * C * S * S).map((_, i) => Math.cos(i * 0.37));
  const proto = onnx.ModelProto.create({
    ir_version: 8,
    producer_name: 'kenobi-webgpu-conv-canary',
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      name: 'canary',
      node: [{ op_type: 'Conv', name: 'canary_conv', input: ['x', 'w'], output: ['y'],
        // NOTE: explicit dilations/strides/kernel_shape: onnxruntime-web's JSEP Conv throws "dilations should be 2D" without them.
        attribute: [
          { name: 'pads', type: onnx.AttributeProto.AttributeType.INTS, ints: [1, 1, 1, 1] },
          { name: 'dilations', type: onnx.AttributeProto.AttributeType.INTS, ints: [1, 1] },
          { name: 'strides', type: onnx.AttributeProto.AttributeType.INTS, ints: [1, 1] },
          { name: 'kernel_shape', type: onnx.AttributeProto.AttributeType.INTS, ints: [K, K] },
        ] }],
      initializer: [{ name: 'w', data_type: onnx.TensorProto.DataType.FLOAT, dims: [M, C, K, K], float_data: Array.from(w) }],
      input: [{ name: 'x', type: { tensor_type: { elem_type: 1, shape: { dim: [batch, C, S, S].map((d) => ({ dim_value: d })) } } } }],
      output: [{ name: 'y', type: { tensor_type: { elem_type: 1 } } }],
    },
  });
  const expected = new Float32Array(batch * M * S * S);
  for (let m = 0; m < M; m++) {
    for (let y = 0; y < S; y++) {
      for (let x = 0; x < S; x++) {
        let sum = 0;
        for (let c = 0; c < C; c++) {
          for (let ky = 0; ky < K; ky++) {
            for (let kx = 0; kx < K; kx++) {
              const iy = y + ky - 1, ix = x + kx - 1;
              if (iy < 0 || iy >= S || ix < 0 || ix >= S) continue;
              sum += w[((m * C + c) * K + ky) * K + kx]! * input[(c * S + iy) * S + ix]!;
            }
          }
        }
        expected[(m * S + y) * S + x] = sum;
      }
    }
  }
  return { model: onnx.ModelProto.encode(proto).finish(), input, dims: [batch, C, S, S], expected };
}

/**
 * Static shape and element-type inference for the ops CNNs use, without running anything. It fills what it
 * can and leaves the rest unknown: exact shapes for any input shape come from running the model once
 * (`probeTensorShapes` in @kenobi/runtime).
 */
import { attrInt, attrInts, attrString } from './node-attributes.js';
import { constantTensor, type GraphView } from './graph-view.js';
import { tensorDims, tensorToNumbers } from './tensor-data.js';
import { toSafeNumber } from './long-number.js';
import { shapeValue } from './shape-values.js';
import type { Dim, NodeProto, ValueInfoProto } from './onnx-types.js';

/** What is known of one tensor: its element type code (0 = unknown) and dims (undefined = unknown rank). */
export interface TensorInfo {
  readonly dtype: number;
  readonly dims: readonly Dim[] | undefined;
}

/**
 * The dims of a value_info entry: numbers, symbolic names, and '?' for a dim with neither.
 *
 * @example
 * ```ts
 * valueInfoDims(view.inputs[0]); // ['N', 3, 224, 224]
 * ```
 */
export function valueInfoDims(v: ValueInfoProto | undefined): Dim[] | undefined {
  const shape = v?.type?.tensor_type?.shape;
  if (!shape) return undefined;
  return (shape.dim ?? []).map((d) => (d.dim_value !== null && d.dim_value !== undefined && (d.value === 'dim_value' || toSafeNumber(d.dim_value) > 0) ? toSafeNumber(d.dim_value) : d.dim_param || '?'));
}

/** No real tensor has a higher rank (ONNX Runtime and numpy stop at 32 or 64); a higher one comes from a corrupt file. */
const MAX_RANK = 64;

const SAME_SHAPE = new Set(['Relu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Clip', 'Dropout', 'Identity', 'Softmax', 'LogSoftmax', 'BatchNormalization', 'LRN', 'Elu', 'Selu', 'HardSigmoid', 'HardSwish', 'Neg', 'Abs', 'Exp', 'Log', 'Sqrt', 'Erf', 'PRelu', 'InstanceNormalization', 'QuantizeLinear', 'DequantizeLinear', 'Cast', 'QLinearSigmoid', 'QLinearLeakyRelu', 'Softplus', 'Mish', 'Gelu']);
const BROADCAST = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean', 'Where', 'Equal', 'Greater', 'Less']);
const QLINEAR_BINARY = new Set(['QLinearAdd', 'QLinearMul']);

/**
 * Infers element types and shapes of every tensor from the inputs (or `inputShapes`), initializers and
 * value_info. Known value_info wins where inference has nothing.
 *
 * @example
 * ```ts
 * const info = inferStaticShapes(graphView(model), { input: [1, 3, 224, 224] });
 * info.get('avg_pool')?.dims; // [1, 1024]
 * ```
 */
export function inferStaticShapes(view: GraphView, inputShapes: Readonly<Record<string, readonly Dim[]>> = {}): Map<string, TensorInfo> {
  const info = new Map<string, TensorInfo>();
  for (const [name, v] of view.valueInfo) info.set(name, { dtype: v.type?.tensor_type?.elem_type ?? 0, dims: valueInfoDims(v) });
  for (const [name, t] of view.initializers) info.set(name, { dtype: t.data_type ?? 0, dims: tensorDims(t) });
  for (const i of view.inputs) {
    const given = inputShapes[i.name ?? ''];
    if (given) info.set(i.name ?? '', { dtype: i.type?.tensor_type?.elem_type ?? 1, dims: [...given] });
  }
  // NOTE: the values of shape-computing int64 vectors (Shape → Gather → Concat …), for Reshapes that use them
  const values = new Map<string, readonly Dim[]>();
  for (const node of view.nodes) {
    let out: TensorInfo[] = [];
    try {
      const v = shapeValue(node, view, values, (t) => info.get(t)?.dims);
      if (v && node.output?.[0]) values.set(node.output[0], v);
      out = inferNode(node, view, info, values);
    } catch {
      // NOTE: best effort by design: an op this code misreads leaves its outputs unknown rather than failing the
      // summary. The fuzzer ran with this catch narrowed to typed errors (4,500 cases) and met none.
      out = [];
    }
    (node.output ?? []).forEach((o, k) => {
      const raw = out[k];
      const inferred = raw && { dtype: raw.dtype, dims: plausibleDims(raw.dims) };
      const known = info.get(o);
      if (inferred && (inferred.dims || !known?.dims)) info.set(o, { dtype: inferred.dtype || known?.dtype || 0, dims: inferred.dims ?? known?.dims });
    });
  }
  return info;
}

function inferNode(node: NodeProto, view: GraphView, info: Map<string, TensorInfo>, values: ReadonlyMap<string, readonly Dim[]>): TensorInfo[] {
  const ins = (node.input ?? []).map((n) => info.get(n));
  const x = ins[0];
  const dtype = x?.dtype ?? 0;
  const dims = x?.dims;
  const op = node.op_type ?? '';
  const constInts = (k: number): number[] | undefined => {
    const t = constantTensor(view, node.input?.[k] ?? '');
    return t ? tensorToNumbers(t) : undefined;
  };
  const zpType = (k: number): number => (node.input?.[k] ? info.get(node.input[k]!)?.dtype ?? 2 : 2);
  if (op === 'Constant') {
    const t = node.attribute?.find((a) => a.name === 'value')?.t;
    return t ? [{ dtype: t.data_type ?? 0, dims: tensorDims(t) }] : [];
  }
  if (SAME_SHAPE.has(op)) {
    let dt = dtype;
    if (op === 'QuantizeLinear') dt = zpType(2);
    if (op === 'DequantizeLinear') dt = info.get(node.input?.[1] ?? '')?.dtype ?? 1;
    if (op === 'Cast') dt = attrInt(node, 'to', 0);
    if (op === 'QLinearSigmoid' || op === 'QLinearLeakyRelu') dt = zpType(4);
    return [{ dtype: dt, dims }];
  }
  if (BROADCAST.has(op) || QLINEAR_BINARY.has(op)) {
    const others = QLINEAR_BINARY.has(op) ? [ins[0], ins[3]] : ins;
    return [{ dtype: QLINEAR_BINARY.has(op) ? zpType(7) : op === 'Where' ? ins[1]?.dtype ?? 0 : dtype, dims: broadcast(others.map((i) => i?.dims)) }];
  }
  if (op === 'Conv' || op === 'QLinearConv' || op === 'ConvInteger' || op === 'MaxPool' || op === 'AveragePool' || op === 'QLinearAveragePool') {
    const isConv = op !== 'MaxPool' && op !== 'AveragePool' && op !== 'QLinearAveragePool';
    const w = isConv ? ins[op === 'QLinearConv' ? 3 : 1]?.dims : undefined;
    if (!dims || dims.length < 3) return [];
    const spatial = dims.length - 2;
    const kernel = attrInts(node, 'kernel_shape', w ? w.slice(2).map(Number) : undefined);
    if (!kernel) return [];
    const strides = attrInts(node, 'strides', Array(spatial).fill(1))!;
    const dil = attrInts(node, 'dilations', Array(spatial).fill(1))!;
    const pads = attrInts(node, 'pads', Array(spatial * 2).fill(0))!;
    const autoPad = attrString(node, 'auto_pad', 'NOTSET');
    const ceil = attrInt(node, 'ceil_mode', 0) === 1;
    const outSpatial = dims.slice(2).map((d, k) => {
      if (typeof d !== 'number') return '?';
      if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(d / strides[k]!);
      const ek = (kernel[k]! - 1) * dil[k]! + 1;
      const span = d + (autoPad === 'VALID' ? 0 : pads[k]! + pads[k + spatial]!) - ek;
      return (ceil ? Math.ceil(span / strides[k]!) : Math.floor(span / strides[k]!)) + 1;
    });
    const channels = isConv ? (w?.[0] ?? '?') : dims[1]!;
    const dt = op === 'QLinearConv' ? zpType(7) : op === 'ConvInteger' ? 6 : op === 'QLinearAveragePool' ? zpType(4) : dtype;
    return [{ dtype: dt, dims: [dims[0]!, channels, ...outSpatial] }];
  }
  if (op === 'GlobalAveragePool' || op === 'GlobalMaxPool' || op === 'QLinearGlobalAveragePool') {
    const dt = op === 'QLinearGlobalAveragePool' ? zpType(4) : dtype;
    return [{ dtype: dt, dims: dims ? [dims[0]!, dims[1]!, ...dims.slice(2).map(() => 1)] : undefined }];
  }
  if (op === 'Flatten') {
    if (!dims) return [{ dtype, dims: undefined }];
    let axis = attrInt(node, 'axis', 1);
    if (axis < 0) axis += dims.length;
    return [{ dtype, dims: [product(dims.slice(0, axis)), product(dims.slice(axis))] }];
  }
  if (op === 'Reshape') {
    const shape: readonly Dim[] | undefined = constInts(1) ?? attrInts(node, 'shape', undefined) ?? values.get(node.input?.[1] ?? '');
    if (!shape) {
      const len = ins[1]?.dims?.[0];
      return [{ dtype, dims: typeof len === 'number' && Number.isInteger(len) && len >= 0 && len <= MAX_RANK ? Array<Dim>(len).fill('?') : undefined }];
    }
    const allowZero = attrInt(node, 'allowzero', 0) === 1;
    const out: Dim[] = shape.map((s, k) => (s === 0 && !allowZero ? dims?.[k] ?? '?' : s));
    const minus = out.indexOf(-1);
    if (minus >= 0) out[minus] = inferredMinusOne(dims, out.filter((_, k) => k !== minus));
    return [{ dtype, dims: out }];
  }
  if (op === 'Gemm') {
    const b = ins[1]?.dims;
    if (!dims || !b) return [{ dtype, dims: undefined }];
    const m = attrInt(node, 'transA', 0) ? dims[1]! : dims[0]!;
    const n = attrInt(node, 'transB', 0) ? b[0]! : b[1]!;
    return [{ dtype, dims: [m, n] }];
  }
  if (op === 'MatMul' || op === 'QLinearMatMul' || op === 'MatMulInteger') {
    const a = dims;
    const b = ins[op === 'QLinearMatMul' ? 3 : 1]?.dims;
    const dt = op === 'QLinearMatMul' ? zpType(7) : op === 'MatMulInteger' ? 6 : dtype;
    if (!a || !b || a.length < 2 || b.length < 2) return [{ dtype: dt, dims: undefined }];
    const batch = broadcast([a.slice(0, -2), b.slice(0, -2)]) ?? [];
    return [{ dtype: dt, dims: [...batch, a[a.length - 2]!, b[b.length - 1]!] }];
  }
  if (op === 'Concat' || op === 'QLinearConcat') {
    const parts = op === 'QLinearConcat' ? ins.filter((_, k) => k >= 2 && (k - 2) % 3 === 0) : ins;
    const first = parts[0]?.dims;
    if (!first) return [{ dtype, dims: undefined }];
    let axis = attrInt(node, 'axis', 0);
    if (axis < 0) axis += first.length;
    const sum = parts.reduce<Dim>((s, p) => (typeof s === 'number' && typeof p?.dims?.[axis] === 'number' ? s + (p.dims[axis] as number) : '?'), 0);
    const dt = op === 'QLinearConcat' ? zpType(1) : parts[0]?.dtype ?? 0;
    return [{ dtype: dt, dims: first.map((d, k) => (k === axis ? sum : d)) }];
  }
  if (op === 'Transpose') {
    if (!dims) return [{ dtype, dims: undefined }];
    const perm = attrInts(node, 'perm', dims.map((_, k) => dims.length - 1 - k))!;
    return [{ dtype, dims: perm.map((p) => dims[p]!) }];
  }
  if (op === 'ReduceMean' || op === 'ReduceMax' || op === 'ReduceSum' || op === 'ReduceMin') {
    if (!dims) return [{ dtype, dims: undefined }];
    const axes = (attrInts(node, 'axes', undefined) ?? constInts(1) ?? dims.map((_, k) => k)).map((a) => (a < 0 ? a + dims.length : a));
    const keep = attrInt(node, 'keepdims', 1) === 1;
    return [{ dtype, dims: keep ? dims.map((d, k) => (axes.includes(k) ? 1 : d)) : dims.filter((_, k) => !axes.includes(k)) }];
  }
  if (op === 'Shape') return [{ dtype: 7, dims: dims ? [dims.length] : undefined }];
  if (op === 'Pad') {
    const pads = constInts(1) ?? attrInts(node, 'pads', undefined);
    if (!dims || !pads) return [{ dtype, dims: undefined }];
    const r = dims.length;
    return [{ dtype, dims: dims.map((d, k) => (pads[k] === 0 && pads[k + r] === 0 ? d : typeof d === 'number' ? d + pads[k]! + pads[k + r]! : '?')) }];
  }
  if (op === 'Squeeze' || op === 'Unsqueeze') {
    const axes = attrInts(node, 'axes', undefined) ?? constInts(1);
    if (!dims) return [{ dtype, dims: undefined }];
    if (op === 'Squeeze') {
      const ax = (axes ?? dims.map((d, k) => (d === 1 ? k : -1)).filter((k) => k >= 0)).map((a) => (a < 0 ? a + dims.length : a));
      return [{ dtype, dims: dims.filter((_, k) => !ax.includes(k)) }];
    }
    if (!axes) return [{ dtype, dims: undefined }];
    const r = dims.length + axes.length;
    const ax = axes.map((a) => (a < 0 ? a + r : a));
    const out: Dim[] = [];
    let j = 0;
    for (let k = 0; k < r; k++) out.push(ax.includes(k) ? 1 : dims[j++]!);
    return [{ dtype, dims: out }];
  }
  if (op === 'Gather') {
    const idx = ins[1]?.dims;
    if (!dims || !idx) return [{ dtype, dims: undefined }];
    let axis = attrInt(node, 'axis', 0);
    if (axis < 0) axis += dims.length;
    return [{ dtype, dims: [...dims.slice(0, axis), ...idx, ...dims.slice(axis + 1)] }];
  }
  if (op === 'Split') return splitShapes(node, dtype, dims, constInts(1) ?? attrInts(node, 'split', undefined));
  if (op === 'Slice') {
    if (!dims) return [{ dtype, dims: undefined }];
    const given = (k: number, attr: string): number[] | null | undefined => (node.input?.[k] ? constInts(k) ?? null : attrInts(node, attr, undefined));
    const [starts, ends, axes, steps] = [given(1, 'starts'), given(2, 'ends'), given(3, 'axes'), given(4, '')];
    if (!starts || !ends || axes === null || steps === null) return [{ dtype, dims: dims.map(() => '?') }];
    return [{ dtype, dims: slicedDims(dims, starts, ends, axes ?? starts.map((_, k) => k), steps ?? starts.map(() => 1)) }];
  }
  return [{ dtype: op === 'Gather' ? dtype : 0, dims: undefined }];
}

/** Split's outputs: the sizes given (an input from opset 13, an attribute before), else equal parts (the last smaller). */
function splitShapes(node: NodeProto, dtype: number, dims: readonly Dim[] | undefined, sizes: readonly number[] | undefined): TensorInfo[] {
  const n = node.output?.length ?? 0;
  if (!dims) return Array.from({ length: n }, () => ({ dtype, dims: undefined }));
  let axis = attrInt(node, 'axis', 0);
  if (axis < 0) axis += dims.length;
  const whole = dims[axis];
  const chunk = typeof whole === 'number' && n > 0 ? Math.ceil(whole / n) : undefined;
  return Array.from({ length: n }, (_, k) => {
    const size: Dim = sizes ? sizes[k] ?? '?' : chunk === undefined ? '?' : k < n - 1 ? chunk : (whole as number) - chunk * (n - 1);
    return { dtype, dims: dims.map((d, j) => (j === axis ? size : d)) };
  });
}

/** Slice's output dims, clamping starts and ends as the ONNX spec does (negative indices count from the end). */
function slicedDims(dims: readonly Dim[], starts: readonly number[], ends: readonly number[], axes: readonly number[], steps: readonly number[]): Dim[] {
  const out = [...dims];
  axes.forEach((axis, k) => {
    const a = axis < 0 ? axis + dims.length : axis;
    const d = dims[a];
    const step = steps[k] ?? 1;
    if (typeof d !== 'number' || step === 0 || starts[k] === undefined || ends[k] === undefined) {
      out[a] = '?';
      return;
    }
    const at = (v: number, lo: number, hi: number): number => Math.min(Math.max(v < 0 ? v + d : v, lo), hi);
    const start = step > 0 ? at(starts[k]!, 0, d) : at(starts[k]!, 0, d - 1);
    const end = step > 0 ? at(ends[k]!, 0, d) : at(ends[k]!, -1, d - 1);
    out[a] = Math.max(0, Math.ceil((end - start) / step));
  });
  return out;
}

/**
 * Dims as inference may report them. NOTE: a corrupt file (strides 0, negative pads, a kernel larger than the
 * input, a huge Reshape) makes the arithmetic give NaN, Infinity, negative or fractional dims: those are
 * unknown ('?'), and a rank above MAX_RANK is no known rank, so nothing later allocates per dim of it.
 */
function plausibleDims(dims: readonly Dim[] | undefined): Dim[] | undefined {
  if (!dims || dims.length > MAX_RANK) return undefined;
  return dims.map((d) => (typeof d === 'number' && !(Number.isSafeInteger(d) && d >= 0) ? '?' : d));
}

/**
 * The dim a Reshape's −1 stands for: the input's element count over the other output dims, with symbolic
 * dims cancelled by name. The batch a 0 copies cancels ([N, 64, 1, 1] → [0, −1] gives 64), and a −1 that
 * takes the batch's place is the batch ([N, 1024, 1, 1] → [−1, 1024] gives N); anything else symbolic, or a
 * count that does not divide, leaves it '?'.
 */
function inferredMinusOne(dims: readonly Dim[] | undefined, others: readonly Dim[]): Dim {
  if (!dims || dims.includes('?') || others.includes('?')) return '?';
  const symbols = dims.filter((d): d is string => typeof d === 'string');
  let count = 1;
  for (const d of dims) if (typeof d === 'number') count *= d;
  let rest = 1;
  for (const d of others) {
    if (typeof d === 'number') rest *= d;
    else {
      const k = symbols.indexOf(d);
      if (k < 0) return '?';
      symbols.splice(k, 1);
    }
  }
  if (!(rest > 0) || count % rest !== 0) return '?';
  const quotient = count / rest;
  if (symbols.length === 0) return quotient;
  return symbols.length === 1 && quotient === 1 ? symbols[0]! : '?';
}

function product(dims: readonly Dim[]): Dim {
  if (dims.length === 1) return dims[0]!;
  return dims.reduce<Dim>((a, b) => (typeof a === 'number' && typeof b === 'number' ? a * b : '?'), 1);
}

function broadcast(shapes: (readonly Dim[] | undefined)[]): Dim[] | undefined {
  if (shapes.some((s) => !s)) return undefined;
  const r = shapes.reduce((m, s) => Math.max(m, s!.length), 0);
  const out: Dim[] = [];
  for (let k = 0; k < r; k++) {
    let d: Dim = 1;
    for (const s of shapes) {
      const v = s![s!.length - r + k];
      if (v === undefined || v === 1) continue;
      d = d === 1 ? v : typeof d === 'number' && typeof v === 'number' && d !== v ? '?' : d;
    }
    out.push(d);
  }
  return out;
}

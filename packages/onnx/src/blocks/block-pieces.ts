/**
 * From cut points to pieces: the nodes between two consecutive cut points form a segment; a segment whose
 * paths branch and join again is a unit (a residual block, a dense layer, an inception module...); runs of
 * single-path segments are split into layers, each around one weighted node (conv or dense) with the
 * normalisation, activation and pooling around it. Parameter-free layers (pooling, activations, channel
 * shuffles, flatten) then join the piece before them, and a lone pre-activation BatchNorm joins the unit after it.
 */
import type { GraphView } from '../graph-view.js';
import type { NodeProto } from '../onnx-types.js';
import { anchorKind, isNorm, type AnchorKind } from './block-ops.js';
import { readsOf, type CutPoint, type Dataflow } from './cut-points.js';

/** The nodes between two consecutive cut points. */
export interface Segment {
  /** The cut point before (for the first segment: the first graph input). */
  readonly input: string;
  readonly output: string;
  readonly nodes: readonly NodeProto[];
  /** Nodes reading two or more data tensors of the segment (shape-only tensors aside): where branches join. */
  readonly joins: readonly NodeProto[];
}

/** A layer (single path) or a unit (branches that join), before naming. */
export interface Piece {
  readonly type: 'layer' | 'unit';
  readonly segments: Segment[];
  /** For a unit: the cut point its branches start from. */
  readonly unitInput?: string;
  /** For a unit: the last join node. */
  readonly join?: NodeProto;
}

/** Facts of a piece the families look at. */
export interface PieceFacts {
  /** The weighted nodes (convs, dense layers) in order, with their kind. */
  readonly anchors: readonly { readonly node: NodeProto; readonly kind: AnchorKind }[];
  readonly norm: boolean;
}

/**
 * Splits the dataflow into segments at `bounds` (a subsequence of its cut points).
 *
 * @example
 * ```ts
 * segmentsAt(view, flow, bounds).map((s) => s.output); // the bound tensors, in order
 * ```
 */
export function segmentsAt(flow: Dataflow, bounds: readonly CutPoint[]): Segment[] {
  const out: Segment[] = [];
  let start = -1;
  let input = flow.inputs[0] ?? '';
  for (const b of bounds) {
    const nodes = flow.nodes.slice(start + 1, b.position + 1);
    const inside = new Set<string>([input, ...nodes.flatMap((n) => n.output ?? [])]);
    const joins = nodes.filter((n) => new Set(readsOf(n).filter((t) => inside.has(t) && flow.data.has(t) && !flow.shapeOnly.has(t))).size >= 2);
    out.push({ input, output: b.tensor, nodes, joins });
    start = b.position;
    input = b.tensor;
  }
  return out;
}

/**
 * All nodes of a piece, in order.
 *
 * @example
 * ```ts
 * pieceNodes(piece).map((n) => n.op_type); // ['Conv', 'BatchNormalization', 'Relu', 'MaxPool']
 * ```
 */
export function pieceNodes(p: Piece): NodeProto[] {
  return p.segments.flatMap((s) => [...s.nodes]);
}

/**
 * The piece's input and output cut points.
 *
 * @example
 * ```ts
 * pieceEnds(stem); // { input: 'input', output: 'maxpool' }
 * ```
 */
export function pieceEnds(p: Piece): { input: string; output: string } {
  return { input: p.segments[0]!.input, output: p.segments[p.segments.length - 1]!.output };
}

/**
 * Groups segments into layers and units, then folds parameter-free layers into the piece before them and
 * pre-activation norm layers into the unit after them.
 *
 * @example
 * ```ts
 * const pieces = groupPieces(view, segments, new Map());
 * pieces.filter((p) => p.type === 'unit').length; // 16 for ResNet-50
 * ```
 */
export function groupPieces(view: GraphView, segments: readonly Segment[], memo: Map<string, boolean>): Piece[] {
  const raw: Piece[] = [];
  let layer: Piece | undefined;
  for (const s of segments) {
    if (s.joins.length > 0) {
      raw.push({ type: 'unit', segments: [s], unitInput: s.input, join: s.joins[s.joins.length - 1]! });
      layer = undefined;
      continue;
    }
    const anchor = s.nodes.some((n) => anchorKind(view, n, memo));
    const norm = s.nodes.some(isNorm);
    const last = raw[raw.length - 1];
    if (!layer && last?.type === 'unit' && !anchor && !norm && !isPadOnly(s)) {
      // NOTE: what follows a unit without weights (ReLU, pooling, a channel shuffle) ends that unit, even when
      // a conv layer comes next (ShuffleNet's last unit before conv5).
      last.segments.push(s);
      continue;
    }
    const facts = layer && pieceFacts(view, layer, memo);
    const startsLayer = !layer || (anchor && facts!.anchors.length > 0) || (!anchor && norm && facts!.anchors.length > 0 && !afterAnchor(view, s, memo));
    if (startsLayer) {
      const next: Piece = { type: 'layer', segments: [s] };
      // NOTE: a Pad right before a conv belongs to that conv (TF exports pad explicitly): the earlier layer
      // then ends at its activation, not at the padded copy of it.
      if (layer && anchor) while (layer.segments.length > 1 && isPadOnly(layer.segments[layer.segments.length - 1]!)) next.segments.unshift(layer.segments.pop()!);
      raw.push(next);
      layer = next;
    } else {
      layer!.segments.push(s);
    }
  }
  return foldPieces(view, raw, memo);
}

/**
 * The weighted nodes and whether there is a normalisation in a piece.
 *
 * @example
 * ```ts
 * pieceFacts(view, piece, memo).anchors.map((a) => a.kind); // ['conv', 'conv', 'conv']
 * ```
 */
export function pieceFacts(view: GraphView, p: Piece, memo: Map<string, boolean>): PieceFacts {
  const anchors: { node: NodeProto; kind: AnchorKind }[] = [];
  let norm = false;
  for (const n of pieceNodes(p)) {
    const kind = anchorKind(view, n, memo);
    if (kind) anchors.push({ node: n, kind });
    if (isNorm(n)) norm = true;
  }
  return { anchors, norm };
}

function foldPieces(view: GraphView, raw: Piece[], memo: Map<string, boolean>): Piece[] {
  const free = (p: Piece): boolean => {
    const f = pieceFacts(view, p, memo);
    return p.type === 'layer' && f.anchors.length === 0 && !f.norm;
  };
  const out: Piece[] = [];
  let pending: Segment[] = [];
  for (const p of raw) {
    if (free(p) && out.length > 0) {
      out[out.length - 1]!.segments.push(...p.segments);
    } else if (free(p)) {
      pending.push(...p.segments);
    } else {
      p.segments.unshift(...pending);
      pending = [];
      out.push(p);
    }
  }
  if (pending.length > 0) out.push({ type: 'layer', segments: pending });
  // A norm-only layer (pre-activation BatchNorm + ReLU) right before a unit belongs to that unit.
  const folded: Piece[] = [];
  for (let i = 0; i < out.length; i++) {
    const p = out[i]!;
    const next = out[i + 1];
    const f = pieceFacts(view, p, memo);
    if (p.type === 'layer' && f.anchors.length === 0 && next?.type === 'unit') next.segments.unshift(...p.segments);
    else folded.push(p);
  }
  return folded;
}

/** True when the segment's first node reads a weighted node's output (possibly through a bias Add). */
function afterAnchor(view: GraphView, s: Segment, memo: Map<string, boolean>): boolean {
  let p = view.producer.get(s.input);
  for (let hops = 0; p && hops < 2; hops++) {
    if (anchorKind(view, p, memo)) return true;
    if (p.op_type !== 'Add' && p.op_type !== 'Pad' && p.op_type !== 'Identity') return false;
    p = view.producer.get(p.input?.[0] ?? '');
  }
  return false;
}

function isPadOnly(s: Segment): boolean {
  return s.nodes.every((n) => n.op_type === 'Pad');
}

/**
 * What a unit (branches from one cut point joining before the next) is, from its structure alone: a residual
 * join (Add of a branch and a skip), a MobileNetV2 inverted residual (the same, with a depthwise conv), a
 * DenseNet dense layer (Concat of the input and a new branch), a ShuffleNet unit (two branches, a Split or a
 * channel shuffle), an Inception module (Concat of three or more parallel branches), or a generic branch.
 */
import type { GraphView } from '../graph-view.js';
import { convGeometry, joinKind } from './block-ops.js';
import type { Dataflow } from './cut-points.js';
import { pieceFacts, pieceNodes, type Piece } from './block-pieces.js';

/**
 * The kinds of unit {@link unitKind} tells apart.
 *
 * @example
 * ```ts
 * UNIT_KINDS.includes('dense-layer'); // true
 * ```
 */
export const UNIT_KINDS = Object.freeze(['residual', 'inverted-residual', 'dense-layer', 'shuffle-unit', 'inception', 'branch'] as const);
/** One of {@link UNIT_KINDS}. */
export type UnitKind = (typeof UNIT_KINDS)[number];

/**
 * The kind of a unit piece.
 *
 * @example
 * ```ts
 * unitKind(view, flow, piece, ranks, memo); // 'residual' for torchvision's layer1.0
 * ```
 */
export function unitKind(view: GraphView, flow: Dataflow, piece: Piece, rankOf: (t: string) => number | undefined, memo: Map<string, boolean>): UnitKind {
  const join = piece.join!;
  const ins = [...new Set((join.input ?? []).filter((t) => flow.data.has(t) && !flow.shapeOnly.has(t)))];
  const facts = pieceFacts(view, piece, memo);
  const convs = facts.anchors.filter((a) => a.kind === 'conv');
  if (convs.length === 0) return 'branch';
  const nodes = pieceNodes(piece);
  switch (joinKind(join)) {
    case 'add':
      if (ins.length !== 2) return 'branch';
      return convs.some((c) => convGeometry(view, c.node).depthwise) ? 'inverted-residual' : 'residual';
    case 'concat': {
      if (ins.includes(piece.unitInput!)) {
        // NOTE: Concat(input, new) is a Keras/Caffe2 dense layer; torchvision's DenseNet concatenates every
        // earlier layer at once, leaving no cut point inside a dense block: a generic branch, not an Inception.
        return ins.length === 2 ? 'dense-layer' : 'branch';
      }
      const split = nodes.some((n) => n.op_type === 'Split');
      const shuffle = nodes.some((n) => n.op_type === 'Transpose' && rankOf(n.input?.[0] ?? '') === 5);
      if (ins.length === 2 && (split || shuffle)) return 'shuffle-unit';
      if (ins.length >= 3) return 'inception';
      return 'branch';
    }
    default:
      return 'branch';
  }
}

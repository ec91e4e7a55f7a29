/**
 * Backbone families and block kinds, how a family is told from the units it is made of, and what the family
 * namers share: a draft block (name, kind, stage, pieces), the stem and the tail after the last unit.
 */
import type { GraphView } from '../graph-view.js';
import type { ShapeLookup } from './block-shapes.js';
import { pieceEnds, pieceFacts, type Piece, type PieceFacts } from './block-pieces.js';
import type { UnitKind } from './unit-kinds.js';

/**
 * The backbone families `modelBlocks` recognises; 'generic' names blocks `block_<i>`.
 *
 * @example
 * ```ts
 * BLOCK_FAMILIES.includes(modelBlocks(model).family); // true
 * ```
 */
export const BLOCK_FAMILIES = Object.freeze(['resnet', 'densenet', 'inception', 'mobilenetv2', 'shufflenet', 'vgg', 'alexnet', 'lenet', 'generic'] as const);
/** One of {@link BLOCK_FAMILIES}. */
export type BlockFamily = (typeof BLOCK_FAMILIES)[number];

/**
 * What a block is: a stem, a unit of its family, a transition, a plain layer or stage, or a generic branch.
 *
 * @example
 * ```ts
 * modelBlocks(resnet18()).blocks.map((b) => b.kind); // ['stem', 'residual', ...]
 * ```
 */
export const BLOCK_KINDS = Object.freeze([
  'stem', 'residual', 'inverted-residual', 'dense-layer', 'transition', 'shuffle-unit', 'inception',
  'conv-stage', 'conv', 'dense', 'norm', 'branch',
] as const);
/** One of {@link BLOCK_KINDS}. */
export type BlockKind = (typeof BLOCK_KINDS)[number];

/** A block before its params and shapes are counted. */
export interface Draft {
  readonly name: string;
  readonly kind: BlockKind;
  readonly stage?: string;
  readonly pieces: readonly Piece[];
}

/** What the family namers read. */
export interface FamilyContext {
  readonly view: GraphView;
  readonly pieces: readonly Piece[];
  /** Per piece: its unit kind, or undefined for a layer. */
  readonly units: readonly (UnitKind | undefined)[];
  readonly facts: readonly PieceFacts[];
  readonly shapes: ShapeLookup;
  /** The model's (first) input. */
  readonly input: string;
}

/**
 * The family the units point to: one kind of unit throughout names it; no unit at all is a plain network
 * (VGG, AlexNet, LeNet or generic, told apart by `plainFamily`); a mix is generic.
 *
 * @example
 * ```ts
 * unitFamily(['residual', 'residual']); // 'resnet'
 * unitFamily([]);                       // undefined (plain)
 * ```
 */
export function unitFamily(units: readonly UnitKind[]): BlockFamily | undefined {
  if (units.length === 0) return undefined;
  const kinds = new Set(units);
  if (kinds.size > 1) return 'generic';
  const FAMILY_OF: Readonly<Record<UnitKind, BlockFamily>> = {
    'residual': 'resnet', 'inverted-residual': 'mobilenetv2', 'dense-layer': 'densenet', 'shuffle-unit': 'shufflenet', 'inception': 'inception', 'branch': 'generic',
  };
  return FAMILY_OF[units[0]!];
}

/**
 * Every piece its own block `block_<i>` (from the input), kind from its structure.
 *
 * @example
 * ```ts
 * genericDrafts(ctx).map((d) => d.name); // ['block_1', 'block_2', ...]
 * ```
 */
export function genericDrafts(ctx: FamilyContext): Draft[] {
  return ctx.pieces.map((p, i) => ({ name: `block_${i + 1}`, kind: ctx.units[i] ?? layerKind(ctx.facts[i]!), pieces: [p] }));
}

/**
 * A layer's kind: 'dense' or 'conv' after its weighted node, 'norm' when it only normalises.
 *
 * @example
 * ```ts
 * layerKind(facts); // 'conv'
 * ```
 */
export function layerKind(f: PieceFacts): BlockKind {
  return f.anchors[0]?.kind ?? 'norm';
}

/**
 * Indices of the first and last unit pieces (-1 when none).
 *
 * @example
 * ```ts
 * unitSpan(ctx); // { first: 1, last: 16 } for ResNet-50
 * ```
 */
export function unitSpan(ctx: FamilyContext): { first: number; last: number } {
  const first = ctx.units.findIndex((u) => u !== undefined);
  let last = -1;
  ctx.units.forEach((u, i) => { if (u !== undefined) last = i; });
  return { first, last };
}

/**
 * The layers before the first unit as one stem block (none when there are none).
 *
 * @example
 * ```ts
 * stemDraft(ctx, 0, 'conv1'); // [{ name: 'conv1', kind: 'stem', pieces: [...] }]
 * ```
 */
export function stemDraft(ctx: FamilyContext, first: number, name: string): Draft[] {
  return first > 0 ? [{ name, kind: 'stem', pieces: ctx.pieces.slice(0, first) }] : [];
}

/**
 * The layers after the last unit, one block each: dense ones `fc<j>`, convs `names.conv`, norms
 * `names.norm` (a second one of a name gets `_2`). Undefined when a unit is among them.
 *
 * @example
 * ```ts
 * tailDrafts(ctx, last + 1, { conv: 'Conv_1', norm: 'bn' }); // [{ name: 'Conv_1', kind: 'conv', ... }]
 * ```
 */
export function tailDrafts(ctx: FamilyContext, from: number, names: { conv: string; norm: string }): Draft[] | undefined {
  const out: Draft[] = [];
  const used = new Map<string, number>();
  let fc = 0;
  for (let i = from; i < ctx.pieces.length; i++) {
    if (ctx.units[i] !== undefined) return undefined;
    const kind = layerKind(ctx.facts[i]!);
    const base = kind === 'dense' ? `fc${++fc}` : kind === 'conv' ? names.conv : names.norm;
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    out.push({ name: count > 1 ? `${base}_${count}` : base, kind, pieces: [ctx.pieces[i]!] });
  }
  return out;
}

/**
 * The facts of every piece, for a {@link FamilyContext}.
 *
 * @example
 * ```ts
 * piecesFacts(view, pieces, memo)[0].anchors.length; // 1
 * ```
 */
export function piecesFacts(view: GraphView, pieces: readonly Piece[], memo: Map<string, boolean>): PieceFacts[] {
  return pieces.map((p) => pieceFacts(view, p, memo));
}

/**
 * The dims where a unit's branches start and where they join (trailing pooling or flattening aside).
 *
 * @example
 * ```ts
 * unitDims(ctx, piece); // { input: [1, 256, 56, 56], output: [1, 512, 28, 28] }
 * ```
 */
export function unitDims(ctx: FamilyContext, p: Piece): { input: ReturnType<ShapeLookup['dims']>; output: ReturnType<ShapeLookup['dims']> } {
  const ends = pieceEnds(p);
  // NOTE: the join's shape may be unknown to static inference (after a Split); the piece's end then tells.
  return { input: ctx.shapes.dims(p.unitInput ?? ends.input), output: ctx.shapes.dims(p.join?.output?.[0] ?? '') ?? ctx.shapes.dims(ends.output) };
}

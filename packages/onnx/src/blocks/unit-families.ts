/**
 * Names for the families built of units, as torchvision and Keras name them: ResNet `conv1`, `layer1.0`..
 * (a stage starts where a block changes the feature shape), DenseNet `conv1`, `conv2_block1`.., transitions
 * `pool2`.., tail `bn`; Inception `conv1`.., `inception_3a`.. (a stage starts where the spatial size
 * changes); ShuffleNet `conv1`, `stage2.0`.., `conv5`. Each returns undefined when the layers between units
 * do not fit the family, and the caller falls back to generic names.
 */
import { convGeometry } from './block-ops.js';
import { sameFeatureShape, spatialSize } from './block-shapes.js';
import { unitDims, stemDraft, tailDrafts, unitSpan, type Draft, type FamilyContext } from './block-families.js';

/**
 * ResNet (v1 and v2, basic or bottleneck blocks): stem `conv1`, units `layer<s>.<i>`, tail `post_bn`.
 *
 * @example
 * ```ts
 * resnetDrafts(ctx)?.map((d) => d.name); // ['conv1', 'layer1.0', 'layer1.1', 'layer2.0', ...]
 * ```
 */
export function resnetDrafts(ctx: FamilyContext): Draft[] | undefined {
  const { first, last } = unitSpan(ctx);
  const out = stemDraft(ctx, first, 'conv1');
  let stage = 0;
  let index = 0;
  for (let i = first; i <= last; i++) {
    if (ctx.units[i] !== 'residual') return undefined;
    const dims = unitDims(ctx, ctx.pieces[i]!);
    if (i === first || !sameFeatureShape(dims.input, dims.output)) {
      stage++;
      index = 0;
    }
    out.push({ name: `layer${stage}.${index++}`, kind: 'residual', stage: `layer${stage}`, pieces: [ctx.pieces[i]!] });
  }
  const tail = tailDrafts(ctx, last + 1, { conv: 'conv_top', norm: 'post_bn' });
  return tail && [...out, ...tail];
}

/**
 * DenseNet: stem `conv1`, dense layers `conv<s>_block<i>` (s from 2), a conv between dense blocks is the
 * transition `pool<s>`, tail `bn` (Keras's names).
 *
 * @example
 * ```ts
 * densenetDrafts(ctx)?.map((d) => d.name); // ['conv1', 'conv2_block1', ..., 'pool2', 'conv3_block1', ..., 'bn']
 * ```
 */
export function densenetDrafts(ctx: FamilyContext): Draft[] | undefined {
  const { first, last } = unitSpan(ctx);
  const out = stemDraft(ctx, first, 'conv1');
  let stage = 2;
  let index = 0;
  for (let i = first; i <= last; i++) {
    const p = ctx.pieces[i]!;
    if (ctx.units[i] === 'dense-layer') {
      out.push({ name: `conv${stage}_block${++index}`, kind: 'dense-layer', stage: `conv${stage}`, pieces: [p] });
    } else if (ctx.units[i] === undefined && ctx.facts[i]!.anchors.some((a) => a.kind === 'conv')) {
      out.push({ name: `pool${stage}`, kind: 'transition', pieces: [p] });
      stage++;
      index = 0;
    } else {
      return undefined;
    }
  }
  const tail = tailDrafts(ctx, last + 1, { conv: 'conv_top', norm: 'bn' });
  return tail && [...out, ...tail];
}

/**
 * Inception (GoogLeNet, v3): stem layers `conv1`, `conv2`.., modules `inception_<s><letter>` with s from 3
 * (the paper's numbering) and a new stage where the module input's spatial size changes.
 *
 * @example
 * ```ts
 * inceptionDrafts(ctx)?.map((d) => d.name); // ['conv1', 'conv2', 'conv3', 'inception_3a', 'inception_3b', 'inception_4a', ...]
 * ```
 */
export function inceptionDrafts(ctx: FamilyContext): Draft[] | undefined {
  const { first, last } = unitSpan(ctx);
  const out: Draft[] = ctx.pieces.slice(0, first).map((p, i) => ({ name: `conv${i + 1}`, kind: 'stem', pieces: [p] }));
  let stage = 3;
  let letter = 0;
  let size: number | undefined;
  for (let i = first; i <= last; i++) {
    if (ctx.units[i] !== 'inception') return undefined;
    const s = spatialSize(unitDims(ctx, ctx.pieces[i]!).input);
    if (size !== undefined && s !== undefined && s !== size) {
      stage++;
      letter = 0;
    }
    size = s ?? size;
    const id = letter < 26 ? String.fromCharCode(97 + letter) : `_${letter + 1}`;
    letter++;
    out.push({ name: `inception_${stage}${id}`, kind: 'inception', stage: `inception_${stage}`, pieces: [ctx.pieces[i]!] });
  }
  const tail = tailDrafts(ctx, last + 1, { conv: 'conv_top', norm: 'bn_top' });
  return tail && [...out, ...tail];
}

/**
 * ShuffleNet (v1, v2): stem `conv1`, units `stage<s>.<i>` (s from 2; a unit that changes the spatial size
 * starts a stage), tail `conv5` (torchvision's names).
 *
 * @example
 * ```ts
 * shufflenetDrafts(ctx)?.map((d) => d.name); // ['conv1', 'stage2.0', ..., 'stage4.3', 'conv5']
 * ```
 */
export function shufflenetDrafts(ctx: FamilyContext): Draft[] | undefined {
  const { first, last } = unitSpan(ctx);
  const out = stemDraft(ctx, first, 'conv1');
  let stage = 1;
  let index = 0;
  for (let i = first; i <= last; i++) {
    if (ctx.units[i] !== 'shuffle-unit') return undefined;
    const dims = unitDims(ctx, ctx.pieces[i]!);
    const from = spatialSize(dims.input);
    const to = spatialSize(dims.output);
    if (i === first || (from !== undefined && to !== undefined && from !== to)) {
      stage++;
      index = 0;
    }
    out.push({ name: `stage${stage}.${index++}`, kind: 'shuffle-unit', stage: `stage${stage}`, pieces: [ctx.pieces[i]!] });
  }
  const tail = tailDrafts(ctx, last + 1, { conv: 'conv5', norm: 'bn_top' });
  return tail && [...out, ...tail];
}

/**
 * MobileNetV2: stem `Conv1`, inverted residuals `expanded_conv`, `block_1`.. (Keras's names) whether they
 * have a skip (a unit) or not (a chain: optional 1×1 expand, depthwise, 1×1 project), tail `Conv_1`.
 *
 * @example
 * ```ts
 * mobilenetv2Drafts(ctx)?.map((d) => d.name); // ['Conv1', 'expanded_conv', 'block_1', ..., 'block_16', 'Conv_1']
 * ```
 */
export function mobilenetv2Drafts(ctx: FamilyContext): Draft[] | undefined {
  const n = ctx.pieces.length;
  const conv = (i: number) => {
    const a = ctx.units[i] === undefined && i < n ? ctx.facts[i]!.anchors : [];
    return a.length === 1 && a[0]!.kind === 'conv' ? convGeometry(ctx.view, a[0]!.node) : undefined;
  };
  const depthwise = (i: number): boolean => conv(i)?.depthwise === true;
  const pointwise = (i: number): boolean => conv(i)?.kernel === 1 && !depthwise(i);
  const startsUnit = (i: number): boolean => ctx.units[i] === 'inverted-residual' || depthwise(i) || (pointwise(i) && depthwise(i + 1));
  let i = 0;
  while (i < n && !startsUnit(i)) i++;
  const out = stemDraft(ctx, i, 'Conv1');
  let unit = 0;
  while (i < n && startsUnit(i)) {
    let j = i;
    if (ctx.units[i] === 'inverted-residual') {
      j = i + 1;
    } else {
      if (pointwise(j)) j++;
      if (!depthwise(j) || !pointwise(j + 1)) return undefined;
      j += 2;
    }
    out.push({ name: unit === 0 ? 'expanded_conv' : `block_${unit}`, kind: 'inverted-residual', pieces: ctx.pieces.slice(i, j) });
    unit++;
    i = j;
  }
  const tail = tailDrafts(ctx, i, { conv: 'Conv_1', norm: 'bn_top' });
  return tail && [...out, ...tail];
}

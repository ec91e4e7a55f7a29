/**
 * Plain networks (no branches): which of VGG, AlexNet or LeNet one is, from its convs and pooling, and their
 * blocks: VGG's conv stages `block1`.. (each ends at a pooling, as Keras names them), AlexNet's and LeNet's
 * conv layers `conv1`.., and the dense layers of the backbone (`fc6`, `fc7` after five conv stages; LeNet's
 * `fc1`..).
 */
import { convGeometry, isPool } from './block-ops.js';
import { spatialSize } from './block-shapes.js';
import { pieceNodes } from './block-pieces.js';
import type { BlockFamily, Draft, FamilyContext } from './block-families.js';

/**
 * The plain family: AlexNet (a first conv of kernel ≥ 7 and stride ≥ 4, 4 to 8 convs), VGG (only 3×3
 * stride-1 convs, at least 3 pooled stages of 1 to 4 convs), LeNet (at most 3 convs, each pooled, input
 * at most 32×32), else generic. Undefined-free: always a family.
 *
 * @example
 * ```ts
 * plainFamily(ctx); // 'vgg' for vgg16()
 * ```
 */
export function plainFamily(ctx: FamilyContext): BlockFamily {
  const convs: number[] = [];
  const dense: number[] = [];
  for (let i = 0; i < ctx.pieces.length; i++) {
    const a = ctx.facts[i]!.anchors;
    if (a.length !== 1) return 'generic';
    (a[0]!.kind === 'conv' ? convs : dense).push(i);
  }
  if (convs.length === 0 || (dense.length > 0 && dense[0]! < convs[convs.length - 1]!)) return 'generic';
  const geo = convs.map((i) => convGeometry(ctx.view, ctx.facts[i]!.anchors[0]!.node));
  const pooled = convs.map((i) => pieceNodes(ctx.pieces[i]!).some(isPool));
  if (geo[0]!.kernel >= 7 && geo[0]!.stride >= 4 && convs.length >= 4 && convs.length <= 8) return 'alexnet';
  const stages = vggStages(convs, pooled);
  if (geo.every((g) => g.kernel === 3 && g.stride === 1) && stages.length >= 3 && stages.every((s) => s.length <= 4)) return 'vgg';
  const size = spatialSize(ctx.shapes.dims(ctx.input));
  if (convs.length <= 3 && pooled.every(Boolean) && size !== undefined && size <= 32) return 'lenet';
  return 'generic';
}

/**
 * The blocks of a plain family other than generic.
 *
 * @example
 * ```ts
 * plainDrafts(ctx, 'alexnet').map((d) => d.name); // ['conv1', 'conv2', 'conv3', 'conv4', 'conv5', 'fc6', 'fc7']
 * ```
 */
export function plainDrafts(ctx: FamilyContext, family: 'vgg' | 'alexnet' | 'lenet'): Draft[] {
  const convs: number[] = [];
  const dense: number[] = [];
  ctx.facts.forEach((f, i) => (f.anchors[0]!.kind === 'conv' ? convs : dense).push(i));
  const out: Draft[] = [];
  if (family === 'vgg') {
    const pooled = convs.map((i) => pieceNodes(ctx.pieces[i]!).some(isPool));
    vggStages(convs, pooled).forEach((s, k) => out.push({ name: `block${k + 1}`, kind: 'conv-stage', pieces: s.map((i) => ctx.pieces[i]!) }));
  } else {
    convs.forEach((i, k) => out.push({ name: `conv${k + 1}`, kind: 'conv', pieces: [ctx.pieces[i]!] }));
  }
  const first = family === 'lenet' ? 1 : out.length + 1;
  dense.forEach((i, k) => out.push({ name: `fc${first + k}`, kind: 'dense', pieces: [ctx.pieces[i]!] }));
  return out;
}

/** Conv layer indices grouped into stages, each ending at a pooled layer (a last unpooled run is a stage too). */
function vggStages(convs: readonly number[], pooled: readonly boolean[]): number[][] {
  const stages: number[][] = [];
  let current: number[] = [];
  convs.forEach((i, k) => {
    current.push(i);
    if (pooled[k]) {
      stages.push(current);
      current = [];
    }
  });
  if (current.length > 0) stages.push(current);
  return stages;
}

/**
 * Dropout, in the mode the build asks for (`ctx.mode.dropout`):
 * - 'train': the node is rewritten to Y = X ⊙ mask, the mask a new graph input of X's shape (role
 *   'dropout-mask') holding 0 or 1/(1 − ratio), drawn by the caller's seeded generator (ONNX Runtime's own
 *   random mask could be neither reproduced nor differentiated); dX = dY ⊙ mask. The node's `training_mode`
 *   input is ignored: the build's mode decides. The ratio must be a constant in [0, 1).
 * - 'off': the identity, dX = dY. A node whose `training_mode` is absent or a constant false runs as it is
 *   (ONNX Runtime's Dropout is then the identity); any other is rewritten to Identity, so no random mask is
 *   drawn behind the gradient's back.
 * The optional mask output (bool) stays valid: mask > 0 in 'train', all true in 'off'.
 */
import type { NodeProto } from '@kenobi/onnx';
import type { GradContext, GradientRule } from '../gradient-rule.js';
import { saveForward, savedForward } from './saved-forward.js';

/** The node's ratio (default 0.5), or undefined when it is computed at run time. */
function dropoutRatio(node: NodeProto, ctx: GradContext): number | undefined {
  const r = node.input?.[1];
  if (!r) return 0.5;
  const v = ctx.constantValues(r);
  return v && v.length === 1 ? v[0] : undefined;
}

/**
 * The gradient rule of `Dropout`.
 *
 * @example
 * ```ts
 * const g = buildGradientGraph(model, { loss: 'loss', wrt, mode: { dropout: 'train' } });
 * g.extraInputs[0].role; // { kind: 'dropout-mask', node: 'drop1', ratio: 0.5 }: feed 0 or 2 per element
 * ```
 */
export const dropoutRule: GradientRule = {
  opType: 'Dropout',
  unsupported(node, ctx) {
    if (ctx.mode.dropout !== 'train') return undefined;
    const ratio = dropoutRatio(node, ctx);
    if (ratio === undefined) return "the ratio is computed at run time; mode dropout 'train' needs a constant ratio (the caller draws the mask from it)";
    if (!(ratio >= 0 && ratio < 1)) return `ratio ${ratio} is outside [0, 1)`;
    return undefined;
  },
  trainingForward(ctx, node) {
    const [x, , trainingMode] = node.input!;
    const [y, maskOut] = node.output!;
    if (ctx.mode.dropout === 'train') {
      const key = node.name || y!;
      const mask = ctx.addInput(`${key}.mask`, 'float32', ctx.dims(x!), { kind: 'dropout-mask', node: key, ratio: dropoutRatio(node, ctx)! });
      ctx.opNamed('Mul', [x!, mask], {}, [y!]);
      if (maskOut) ctx.opNamed('Greater', [mask, ctx.constF32([0])], {}, [maskOut]);
      saveForward(ctx, node, { mask });
      return true;
    }
    const flag = trainingMode ? ctx.constantValues(trainingMode) : [0];
    if (flag && flag.every((v) => v === 0)) return false;
    ctx.opNamed('Identity', [x!], {}, [y!]);
    if (maskOut) {
      // all true: Not(Cast(zeros of X's shape, bool))
      const zeros = ctx.op('ConstantOfShape', [ctx.op('Shape', [x!])]);
      ctx.opNamed('Not', [ctx.op('Cast', [zeros], { to: 9 })], {}, [maskOut]);
    }
    return true;
  },
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined, undefined, undefined];
    if (ctx.mode.dropout !== 'train') return [dY, undefined, undefined];
    const { mask } = savedForward(ctx, node, ['mask']);
    return [ctx.op('Mul', [dY, mask]), undefined, undefined];
  },
};

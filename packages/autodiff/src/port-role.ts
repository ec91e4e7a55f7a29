/**
 * What an extra input or output of a gradient graph is for, so a trainer can bind it without parsing tensor
 * names: dropout masks to feed, BatchNormalization statistics to read back.
 */

/**
 * Every kind a {@link PortRole} can have.
 *
 * @example
 * ```ts
 * PORT_ROLE_KINDS.includes('dropout-mask'); // true
 * ```
 */
export const PORT_ROLE_KINDS = Object.freeze(['dropout-mask', 'batch-mean', 'batch-var', 'running-mean', 'running-var'] as const);

/**
 * One kind of {@link PORT_ROLE_KINDS}.
 *
 * @example
 * ```ts
 * const kind: PortRoleKind = 'running-var';
 * ```
 */
export type PortRoleKind = (typeof PORT_ROLE_KINDS)[number];

/**
 * The role of an extra graph port. `node` names the forward node it belongs to (the node's name, or its first
 * output's name when the node has none).
 * - `dropout-mask` (input): the shape of the Dropout's input, holding 0 or 1/(1−ratio) per element; draw it
 *   from the trainer's seeded generator every step.
 * - `batch-mean` / `batch-var` (outputs, [C]): BatchNormalization's batch statistics over every axis but 1; the
 *   variance is the BIASED one (divided by N·H·W), the one the batch was normalised with.
 * - `running-mean` / `running-var` (outputs, [C]): ONNX's updated running statistics,
 *   `running · momentum + batch · (1 − momentum)` with the biased batch variance (the ONNX spec's training
 *   outputs); write them into the tensor named by `updates` after the step. PyTorch's `momentum` is 1 − ONNX's
 *   and PyTorch's running_var mixes in the UNBIASED variance (batch_var · M/(M−1), M = N·H·W): a trainer that
 *   wants PyTorch's statistics computes them from `batch-mean`/`batch-var`.
 *
 * @example
 * ```ts
 * const g = buildGradientGraph(model, { loss: 'loss', wrt, mode: { batchNorm: 'train', dropout: 'train' } });
 * for (const p of g.extraInputs) if (p.role?.kind === 'dropout-mask') feeds[p.name] = drawMask(p.dims, p.role.ratio);
 * for (const p of g.extraOutputs) if (p.role?.kind === 'running-mean') weights.set(p.role.updates, out[p.name]);
 * ```
 */
export type PortRole =
  | { readonly kind: 'dropout-mask'; readonly node: string; readonly ratio: number }
  | { readonly kind: 'batch-mean' | 'batch-var'; readonly node: string }
  | { readonly kind: 'running-mean' | 'running-var'; readonly node: string; readonly updates: string; readonly momentum: number };

/**
 * Test support: PyTorch's training-state updates written over plain Float32Arrays, for the parity runs and the
 * training-step benchmark (the autodiff package does not depend on @kenobi/learn, whose `sgd` has the same
 * definition).
 */

/**
 * One `torch.optim.SGD(lr, momentum)` step on `w` in place (dampening 0, no Nesterov, no weight decay):
 * buf ← g on the first step, else buf ← momentum · buf + g; w ← w − lr · buf (float32 arithmetic as PyTorch's).
 *
 * @example
 * ```ts
 * const bufs = new Map<string, Float32Array>();
 * sgdMomentumStep(weights, grad, bufs, 'fc.weight', 0.01, 0.9);
 * ```
 */
export function sgdMomentumStep(w: Float32Array, g: Float32Array, buffers: Map<string, Float32Array>, name: string, lr: number, momentum: number): void {
  let buf = buffers.get(name);
  if (!buf) {
    buf = Float32Array.from(g);
    buffers.set(name, buf);
  } else {
    for (let i = 0; i < buf.length; i++) buf[i] = Math.fround(momentum * buf[i]!) + g[i]!;
  }
  const step = Math.fround(-lr);
  for (let i = 0; i < w.length; i++) w[i] = w[i]! + step * buf[i]!;
}

/**
 * PyTorch's BatchNorm2d running statistics update from the batch mean and the BIASED batch variance the
 * gradient graph outputs (roles 'batch-mean', 'batch-var'): running_mean ← (1 − m)·running_mean + m·mean,
 * running_var ← (1 − m)·running_var + m·var·M/(M − 1) (PyTorch keeps the UNBIASED variance; m is PyTorch's
 * momentum, 1 − ONNX's). Without `count` the biased variance is mixed in (ONNX's definition).
 *
 * @example
 * ```ts
 * torchRunningStats(runningMean, runningVar, batchMean, batchVar, { momentum: 0.1, count: 4 * 7 * 7 });
 * ```
 */
export function torchRunningStats(
  runningMean: Float32Array, runningVar: Float32Array, mean: Float32Array, variance: Float32Array,
  o: { readonly momentum: number; readonly count?: number | undefined },
): void {
  const unbias = o.count === undefined ? 1 : o.count / (o.count - 1);
  for (let c = 0; c < runningMean.length; c++) {
    runningMean[c] = o.momentum * mean[c]! + (1 - o.momentum) * runningMean[c]!;
    runningVar[c] = o.momentum * variance[c]! * unbias + (1 - o.momentum) * runningVar[c]!;
  }
}

import type { InitializerSpec } from '../init/initializer.js';
import { dense } from '../layers/dense.js';
import { sequential, type Sequential } from '../model/sequential.js';
import { headOutputs, type HeadOptions } from './head-options.js';

/**
 * Logistic regression (2 classes: one logit), softmax regression (K classes: K logits) or linear
 * regression (`outputs`), as one dense layer on the features. Pair with `binaryCrossEntropy()`,
 * `categoricalCrossEntropy()` or `meanSquaredError()`; add L2 through the optimizer's `weightDecay`.
 *
 * @example
 * ```ts
 * const head = linearHead({ inputs: 1024, classes: 2, seed: 0 });
 * head.predict(features); // n × 1 logits
 * ```
 */
export function linearHead(options: HeadOptions & { readonly kernelInitializer?: InitializerSpec }): Sequential {
  const layer = dense(headOutputs(options), options.kernelInitializer ? { kernelInitializer: options.kernelInitializer } : {});
  layer.name = 'logits';
  return sequential([layer], options);
}

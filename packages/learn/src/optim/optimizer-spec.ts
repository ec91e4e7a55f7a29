/**
 * Optimizers as plain data, so training options can cross a worker boundary or live in a checkpoint.
 */
import { LearnError } from '../learn-error.js';
import { adagrad, type AdagradOptions } from './adagrad.js';
import { adam, type AdamOptions } from './adam.js';
import { adamw } from './adamw.js';
import { OPTIMIZER_NAMES, type Optimizer } from './optimizer.js';
import { rmsprop, type RmspropOptions } from './rmsprop.js';
import { sgd, type SgdOptions } from './sgd.js';

/**
 * An optimizer by name with its options (PyTorch names and defaults, as the factories).
 *
 * @example
 * ```ts
 * const spec: OptimizerSpec = { name: 'sgd', lr: 0.01, momentum: 0.9 };
 * ```
 */
export type OptimizerSpec =
  | ({ readonly name: 'sgd' } & SgdOptions)
  | ({ readonly name: 'adam' } & AdamOptions)
  | ({ readonly name: 'adamw' } & AdamOptions)
  | ({ readonly name: 'rmsprop' } & RmspropOptions)
  | ({ readonly name: 'adagrad' } & AdagradOptions);

/**
 * The optimizer a spec describes.
 *
 * @example
 * ```ts
 * optimizerFromSpec({ name: 'adam', lr: 1e-3 }).name; // 'adam'
 * ```
 */
export function optimizerFromSpec(spec: OptimizerSpec): Optimizer {
  const { name, ...options } = spec;
  switch (name) {
    case 'sgd': return sgd(options);
    case 'adam': return adam(options);
    case 'adamw': return adamw(options);
    case 'rmsprop': return rmsprop(options);
    case 'adagrad': return adagrad(options);
    default: throw new LearnError('learn/bad-argument', `unknown optimizer '${String(name)}'`, { hint: `use one of ${OPTIMIZER_NAMES.join(', ')}` });
  }
}

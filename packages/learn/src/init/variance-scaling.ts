import type { InitDistribution, InitializerSpec } from './initializer.js';

/** Options of the named initialisers. */
export interface NamedInitOptions {
  /** Use Keras's truncated normal (cut at ±2σ, variance preserved) instead of a plain normal. Default false. */
  readonly truncated?: boolean;
}

function normalKind(options: NamedInitOptions | undefined): InitDistribution {
  return options?.truncated ? 'truncatedNormal' : 'normal';
}

/**
 * He (Kaiming) normal: variance 2 / fanIn. Plain normal by default as PyTorch's `kaiming_normal_`; Keras's
 * `he_normal` is `heNormal({ truncated: true })`.
 *
 * @example
 * ```ts
 * dense(256, { kernelInitializer: heNormal() });
 * ```
 */
export function heNormal(options?: NamedInitOptions): InitializerSpec {
  return { kind: 'varianceScaling', scale: 2, mode: 'fanIn', distribution: normalKind(options) };
}

/**
 * He (Kaiming) uniform: U(±sqrt(6 / fanIn)).
 *
 * @example
 * ```ts
 * dense(256, { kernelInitializer: heUniform() });
 * ```
 */
export function heUniform(): InitializerSpec {
  return { kind: 'varianceScaling', scale: 2, mode: 'fanIn', distribution: 'uniform' };
}

/**
 * Glorot (Xavier) normal: variance 2 / (fanIn + fanOut). Plain normal by default (PyTorch `xavier_normal_`);
 * Keras's `glorot_normal` is `glorotNormal({ truncated: true })`.
 *
 * @example
 * ```ts
 * dense(10, { kernelInitializer: glorotNormal() });
 * ```
 */
export function glorotNormal(options?: NamedInitOptions): InitializerSpec {
  return { kind: 'varianceScaling', scale: 1, mode: 'fanAvg', distribution: normalKind(options) };
}

/**
 * Glorot (Xavier) uniform: U(±sqrt(6 / (fanIn + fanOut))). The default kernel initialiser of `dense`, as in Keras.
 *
 * @example
 * ```ts
 * dense(10, { kernelInitializer: glorotUniform() });
 * ```
 */
export function glorotUniform(): InitializerSpec {
  return { kind: 'varianceScaling', scale: 1, mode: 'fanAvg', distribution: 'uniform' };
}

/**
 * LeCun normal: variance 1 / fanIn (plain normal; `{ truncated: true }` for Keras's `lecun_normal`).
 *
 * @example
 * ```ts
 * dense(64, { kernelInitializer: lecunNormal() });
 * ```
 */
export function lecunNormal(options?: NamedInitOptions): InitializerSpec {
  return { kind: 'varianceScaling', scale: 1, mode: 'fanIn', distribution: normalKind(options) };
}

/**
 * LeCun uniform: U(±sqrt(3 / fanIn)).
 *
 * @example
 * ```ts
 * dense(64, { kernelInitializer: lecunUniform() });
 * ```
 */
export function lecunUniform(): InitializerSpec {
  return { kind: 'varianceScaling', scale: 1, mode: 'fanIn', distribution: 'uniform' };
}

/**
 * All zeros (the default bias initialiser).
 *
 * @example
 * ```ts
 * dense(1, { biasInitializer: zeros() });
 * ```
 */
export function zeros(): InitializerSpec {
  return { kind: 'zeros' };
}

/**
 * A constant.
 *
 * @example
 * ```ts
 * dense(1, { biasInitializer: constant(-2.3) }); // start a rare-class logit low
 * ```
 */
export function constant(value: number): InitializerSpec {
  return { kind: 'constant', value };
}

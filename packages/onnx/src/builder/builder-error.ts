/**
 * The typed errors of the graph builder and the architectures: a bad option, a shape the builder cannot work
 * out, a name used twice.
 */
import { KenobiError } from '@kenobi/core';

/**
 * Every code a {@link GraphBuilderError} can carry.
 *
 * @example
 * ```ts
 * GRAPH_BUILDER_ERROR_CODES.includes('onnx/builder-shape'); // true
 * ```
 */
export const GRAPH_BUILDER_ERROR_CODES = Object.freeze([
  'onnx/builder-option',
  'onnx/builder-shape',
  'onnx/builder-name',
] as const);

/**
 * One code of {@link GRAPH_BUILDER_ERROR_CODES}.
 *
 * @example
 * ```ts
 * const code: GraphBuilderErrorCode = 'onnx/builder-option';
 * ```
 */
export type GraphBuilderErrorCode = (typeof GRAPH_BUILDER_ERROR_CODES)[number];

/**
 * An error while building a graph in code (see `GraphBuilder`) or an architecture (see `resnet18`, ...).
 *
 * @example
 * ```ts
 * import { isKenobiError } from '@kenobi/core';
 * try { resnet18({ width: 0 }); }
 * catch (e) { if (isKenobiError(e, 'onnx/builder-option')) console.log(e.message); } // 'resnet18: width must be > 0, got 0'
 * ```
 */
export class GraphBuilderError extends KenobiError {
  declare readonly code: GraphBuilderErrorCode;

  constructor(code: GraphBuilderErrorCode, message: string, options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(code, message, options);
  }
}

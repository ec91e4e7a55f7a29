import { isKenobiError, runtimeKind } from '@kenobi/core';
import type { Matrix } from '../backend/matrix.js';
import type { ForwardContext } from '../layers/layer.js';
import type { Sequential } from '../model/sequential.js';
import { gradientGraphUnsupported, layersUnsupported } from '../ort/gradient-graph.js';
import { ortEngine, type OrtEngineOptions, type OrtGradientEngine } from '../ort/ort-engine.js';
import { layerwiseEngine, type GradientEngine } from './gradient-engine.js';

/** The engine {@link fit} uses when none is given; `choice` says which one ran last and why. */
export interface AutoEngine extends GradientEngine {
  /** 'onnxruntime' or 'layerwise', after the first step; the reason for layerwise in `reason`. */
  readonly choice: 'onnxruntime' | 'layerwise' | undefined;
  readonly reason: string | undefined;
  predict(model: Sequential, x: Matrix, options?: { batchSize?: number; context?: ForwardContext }): Promise<Matrix>;
}

/**
 * Picks the compute engine per step: in Node, for float32 models of built-in layers and losses, the
 * onnxruntime engine ({@link ortEngine}: forward + backward as one ONNX graph); otherwise, or when
 * onnxruntime-node cannot start, the pure-TypeScript {@link layerwiseEngine}.
 *
 * Why: training an MLP 2048-256-2 with Adam (batch 256, 10 epochs, 20,000 × 2048) takes 1.04–1.15×
 * PyTorch 1.13's time on the onnxruntime engine at 1 thread (two runs on a shared 2-core machine, wall and CPU;
 * FINDINGS.md: 1.23–1.32× on a quieter one), against 56–71× for plain-JS matrix products (FINDINGS.md;
 * `docs/benchmarks/heads.md`). In browsers the layerwise engine stays the default (no session
 * start, no WASM download); pass `ortEngine()` explicitly to use onnxruntime-web (2.3–3.1× PyTorch).
 *
 * @example
 * ```ts
 * const engine = autoEngine();
 * await fit(model, x, y, { loss, optimizer, epochs: 10, engine });
 * engine.choice; // 'onnxruntime' in Node
 * engine.dispose();
 * ```
 */
export function autoEngine(options: OrtEngineOptions = {}): AutoEngine {
  const js = layerwiseEngine();
  let ort: OrtGradientEngine | undefined;
  let broken: string | undefined;
  let choice: 'onnxruntime' | 'layerwise' | undefined;
  let reason: string | undefined;
  const node = runtimeKind() === 'node';
  const pick = (why: string | undefined): OrtGradientEngine | undefined => {
    const no = !node ? 'not running in Node' : broken ?? why;
    if (no) {
      choice = 'layerwise';
      reason = no;
      return undefined;
    }
    choice = 'onnxruntime';
    reason = undefined;
    return (ort ??= ortEngine(options));
  };
  const fallback = (e: unknown): void => {
    // a LearnError is the caller's input problem; anything else means onnxruntime itself failed
    if (isKenobiError(e) && e.code.startsWith('learn/')) throw e;
    broken = `onnxruntime failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  };
  return {
    name: 'auto',
    get choice() {
      return choice;
    },
    get reason() {
      return reason;
    },
    async lossAndGradients(model, x, y, loss, sampleWeight, ctx): Promise<number> {
      const engine = pick(gradientGraphUnsupported(model, loss));
      if (engine) {
        try {
          return await engine.lossAndGradients(model, x, y, loss, sampleWeight, ctx);
        } catch (e) {
          fallback(e);
          pick(undefined);
        }
      }
      return js.lossAndGradients(model, x, y, loss, sampleWeight, ctx);
    },
    async predict(model, x, predictOptions = {}): Promise<Matrix> {
      const engine = pick(layersUnsupported(model));
      if (engine) {
        try {
          return await engine.predict(model, x, predictOptions);
        } catch (e) {
          fallback(e);
          pick(undefined);
        }
      }
      return model.predict(x, predictOptions);
    },
    dispose(): void {
      ort?.dispose();
      ort = undefined;
      js.dispose();
    },
  };
}

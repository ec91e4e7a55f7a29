/** The repository root. */
export declare const repoRoot: string;
/** `../shared` beside the repository (override with KENOBI_SHARED). */
export declare const sharedDir: string;
/** A path inside `../shared`. */
export declare function sharedPath(...parts: string[]): string;
/** True when CI asked that nothing needing a model or shared data be skipped. */
export declare const modelsRequired: boolean;
/**
 * Call at the start of a test (or a `before` hook) that needs these files. When one is missing the test goes
 * pending with the reason, or fails under KENOBI_REQUIRE_MODELS=1.
 *
 * @example
 * ```ts
 * it('reads DenseNet', function () { const p = needShared(this, 'models/densenet121-keras-imagenet.onnx'); ... });
 * ```
 */
export declare function needShared(ctx: Mocha.Context, ...relPaths: string[]): string;
/**
 * Marks a test pending (or failed under KENOBI_REQUIRE_MODELS=1) when a capability is absent.
 *
 * @example
 * ```ts
 * if (!hasWebGpu) needCapability(this, false, 'no WebGPU adapter (install Mesa 25 lavapipe)');
 * ```
 */
export declare function needCapability(ctx: Mocha.Context, present: boolean, reason: string): void;
//# sourceMappingURL=shared.d.ts.map
/**
 * Test support: where `../shared` lives and how a test that needs a model or data file goes pending (or, in
 * CI with KENOBI_REQUIRE_MODELS=1, fails) when it is missing. Imported by tests only.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** `../shared` beside the repository (override with KENOBI_SHARED). */
export const sharedDir = resolve(process.env.KENOBI_SHARED ?? resolve(repoRoot, '../shared'));
/** A path inside `../shared`. */
export function sharedPath(...parts) {
    return resolve(sharedDir, ...parts);
}
/** True when CI asked that nothing needing a model or shared data be skipped. */
export const modelsRequired = process.env.KENOBI_REQUIRE_MODELS === '1';
/**
 * Call at the start of a test (or a `before` hook) that needs these files. When one is missing the test goes
 * pending with the reason, or fails under KENOBI_REQUIRE_MODELS=1.
 *
 * @example
 * ```ts
 * it('reads DenseNet', function () { const p = needShared(this, 'models/densenet121-keras-imagenet.onnx'); ... });
 * ```
 */
export function needShared(ctx, ...relPaths) {
    const paths = relPaths.map((p) => sharedPath(p));
    const missing = paths.filter((p) => !existsSync(p));
    if (missing.length > 0) {
        const reason = `needs ${missing.join(', ')} (set KENOBI_SHARED or put ../shared beside the repository)`;
        if (modelsRequired)
            throw new Error(`KENOBI_REQUIRE_MODELS=1 but this test ${reason}`);
        console.warn(`      PENDING: ${reason}`);
        ctx.skip();
    }
    return paths[0];
}
/**
 * Marks a test pending (or failed under KENOBI_REQUIRE_MODELS=1) when a capability is absent.
 *
 * @example
 * ```ts
 * if (!hasWebGpu) needCapability(this, false, 'no WebGPU adapter (install Mesa 25 lavapipe)');
 * ```
 */
export function needCapability(ctx, present, reason) {
    if (present)
        return;
    if (modelsRequired)
        throw new Error(`KENOBI_REQUIRE_MODELS=1 but ${reason}`);
    console.warn(`      PENDING: ${reason}`);
    ctx.skip();
}
//# sourceMappingURL=shared.js.map
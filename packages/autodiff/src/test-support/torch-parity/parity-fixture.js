/**
 * Test support: the PyTorch parity fixtures in packages/autodiff/fixtures/ (written by
 * scripts/fixtures/autodiff/make_torch_parity.py): what they hold and how to read them.
 */
import { readFileSync } from 'node:fs';
import { formulaUniform } from './formula.js';
/** The networks with a committed fixture (issue #13 §4 b–d). */
export const PARITY_NETWORKS = Object.freeze(['resnet18-layer4', 'alexnet-lrn', 'mobilenetv2-block']);
/**
 * Reads packages/autodiff/fixtures/torch-parity-<network>.json.
 *
 * @example
 * ```ts
 * readParityFixture('alexnet-lrn').tensors.map((t) => t.name); // ['conv1.weight', 'conv1.bias', …]
 * ```
 */
export function readParityFixture(network) {
    return JSON.parse(readFileSync(new URL(`../../../fixtures/torch-parity-${network}.json`, import.meta.url), 'utf8'));
}
/**
 * The initial value of every fixture tensor (weights and running statistics), by name, from the formula.
 *
 * @example
 * ```ts
 * initialTensors(fx).get('fc.weight'); // Float32Array [10 · 512]
 * ```
 */
export function initialTensors(fx) {
    return new Map(fx.tensors.map((t) => [t.name, formulaUniform(t.name, t.dims, t.lo, t.hi)]));
}
//# sourceMappingURL=parity-fixture.js.map
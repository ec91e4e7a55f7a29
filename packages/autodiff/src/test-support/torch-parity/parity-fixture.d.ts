/** A formula tensor: `formulaUniform(name, dims, lo, hi)`. */
export interface FormulaSpec {
    readonly name: string;
    readonly dims: readonly number[];
    readonly lo: number;
    readonly hi: number;
}
/** A tensor after the steps: every value, or (large tensors) L2 norm, sum, max |v| and sampled elements. */
export interface FinalTensor {
    readonly values?: readonly number[];
    readonly l2?: number;
    readonly sum?: number;
    readonly maxAbs?: number;
    readonly samples?: {
        readonly index: readonly number[];
        readonly value: readonly number[];
    };
    /** The same run in float64 against the float32 one, max |w32 − w64| / max |w64|: PyTorch's own float32 noise. */
    readonly torchFloat32Error: number;
}
/** One state-dict tensor of the network (PyTorch's name), its initial formula and its value after the steps. */
export interface ParityTensor extends FormulaSpec {
    readonly kind: 'param' | 'running_mean' | 'running_var';
    /** SGD learning rate of a parameter. */
    readonly lr?: number;
    readonly final: FinalTensor;
}
/**
 * One network's fixture: the formula dataset, labels, batch order, SGD settings, per-step losses and tensors.
 *
 * @example
 * ```ts
 * const fx = readParityFixture('mobilenetv2-block');
 * fx.order.length; // 5 steps
 * ```
 */
export interface ParityFixture {
    readonly torch: string;
    readonly network: string;
    readonly input: FormulaSpec;
    /** formula.py's first values and float64 sum of one formula tensor (here the dataset). */
    readonly formulaCheck: {
        readonly name: string;
        readonly first: readonly number[];
        readonly sum: number;
        readonly count: number;
    };
    readonly labels: {
        readonly classes: number;
        readonly values: readonly number[];
    };
    readonly order: readonly (readonly number[])[];
    readonly optimizer: {
        readonly momentum: number;
    };
    readonly batchNorm: {
        readonly epsilon: number;
        readonly torchMomentum: number;
    };
    readonly losses: {
        readonly float32: readonly number[];
        readonly float64: readonly number[];
    };
    readonly tensors: readonly ParityTensor[];
}
/** The networks with a committed fixture (issue #13 §4 b–d). */
export declare const PARITY_NETWORKS: readonly ["resnet18-layer4", "alexnet-lrn", "mobilenetv2-block"];
/** One of {@link PARITY_NETWORKS}. */
export type ParityNetwork = (typeof PARITY_NETWORKS)[number];
/**
 * Reads packages/autodiff/fixtures/torch-parity-<network>.json.
 *
 * @example
 * ```ts
 * readParityFixture('alexnet-lrn').tensors.map((t) => t.name); // ['conv1.weight', 'conv1.bias', …]
 * ```
 */
export declare function readParityFixture(network: ParityNetwork): ParityFixture;
/**
 * The initial value of every fixture tensor (weights and running statistics), by name, from the formula.
 *
 * @example
 * ```ts
 * initialTensors(fx).get('fc.weight'); // Float32Array [10 · 512]
 * ```
 */
export declare function initialTensors(fx: ParityFixture): Map<string, Float32Array>;
//# sourceMappingURL=parity-fixture.d.ts.map
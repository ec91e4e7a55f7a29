/**
 * Test support: the PyTorch fine-tuning fixture (packages/learn/fixtures/finetune-parity-resnet18.json, written
 * by scripts/fixtures/learn/make_finetune_parity.py): torch.onnx.export's ResNet-18 with its weights rebuilt
 * from the formula by state_dict name, the formula dataset, and the PyTorch runs to compare with.
 */
import { readFileSync } from 'node:fs';
import { float32Tensor, onnx, validateModel, type ModelProto } from '@kenobi/onnx';
import { formulaUniform } from '../../../../autodiff/src/test-support/torch-parity/formula.js';
import type { FinalTensor, FormulaSpec } from '../../../../autodiff/src/test-support/torch-parity/parity-fixture.js';

/** One fine-tuning run of the fixture. */
export interface FinetuneParityCase {
  readonly name: string;
  /** Blocks unfrozen, counted from the top (modelBlocks' numbering). */
  readonly unfreeze: number;
  /** The torchvision modules those blocks are ('layer4.1', 'layer4.0'). */
  readonly modules: readonly string[];
  readonly lr: number;
  readonly decay: number;
  readonly losses: { readonly float32: readonly number[]; readonly float64: readonly number[] };
  /** Every unfrozen tensor (and fc) after the steps. */
  readonly tensors: readonly { readonly name: string; readonly final: FinalTensor }[];
}

/** The fixture. */
export interface FinetuneParityFixture {
  readonly onnx: string;
  readonly input: FormulaSpec;
  readonly formulaCheck: { readonly first: readonly number[]; readonly sum: number; readonly count: number };
  readonly labels: { readonly classes: number; readonly values: readonly number[] };
  readonly order: readonly (readonly number[])[];
  readonly optimizer: { readonly momentum: number };
  readonly tensors: readonly (FormulaSpec & { readonly kind: 'param' | 'running_mean' | 'running_var' })[];
  readonly cases: readonly FinetuneParityCase[];
}

/**
 * Reads the fixture.
 *
 * @example
 * ```ts
 * readFinetuneParity().cases.map((c) => c.name); // ['unfreeze-1', 'unfreeze-2-decay']
 * ```
 */
export function readFinetuneParity(): FinetuneParityFixture {
  return JSON.parse(readFileSync(new URL('../../../fixtures/finetune-parity-resnet18.json', import.meta.url), 'utf8')) as FinetuneParityFixture;
}

/**
 * The exported ResNet-18 with every initializer filled from the formula (bit for bit PyTorch's weights).
 *
 * @example
 * ```ts
 * const model = torchResnet18(readFinetuneParity()); // input [N, 3, 64, 64] → logits [N, 10]
 * ```
 */
export function torchResnet18(fx: FinetuneParityFixture): ModelProto {
  const model = onnx.ModelProto.decode(Buffer.from(fx.onnx, 'base64'));
  const specs = new Map(fx.tensors.map((t) => [t.name, t]));
  model.graph!.initializer = model.graph!.initializer!.map((t) => {
    const s = specs.get(t.name!);
    if (!s) throw new Error(`the fixture has no formula for initializer '${t.name}'`);
    return float32Tensor(t.name!, formulaUniform(s.name, s.dims, s.lo, s.hi), s.dims);
  });
  validateModel(model, 'finetune-parity-resnet18');
  return model;
}

/**
 * Every op the opset upgrade knows: the `since_version`s of its ONNX schema up to opset 17 (as onnx 1.12's
 * `onnx.defs.get_schema` gives them; a test checks them against scripts/fixtures/autodiff/make_opset_upgrade.py's
 * dump) and what each change needs. An op outside this table is refused: its changes are unknown here.
 * The ops are those of the ONNX zoo's CNN classifiers (LeNet, AlexNet/CaffeNet, VGG, GoogLeNet/Inception,
 * ResNet, SqueezeNet, DenseNet, MobileNet, ShuffleNet) and their close relatives.
 */
import { axesInput, splitInput, unsqueezeAxesInput } from './axes-input.js';
import { bnTrainingOutputs, dropSpatial } from './batch-normalization.js';
import { castToNumber } from './cast.js';
import { clipInputs } from './clip.js';
import { concatAxis } from './concat.js';
import { dropConsumedInputs } from './consumed-inputs.js';
import { convTransposePads } from './conv-transpose.js';
import { dropoutMask, dropoutRatioInput } from './dropout.js';
import { gemmBroadcast } from './gemm.js';
import { dropIsTest } from './is-test.js';
import { legacyBroadcast } from './legacy-broadcast.js';
import { padInputs, padPaddings } from './pad.js';
import { preluSlope } from './prelu.js';
import { reshapeShapeInput } from './reshape.js';
import { resizeCoordinates, resizeModes } from './resize.js';
import { sliceInputs } from './slice.js';
import { softmaxTo13 } from './softmax.js';
import { splitOpset2 } from './split.js';
import { upsampleScales, upsampleScalesInput, upsampleToResize } from './upsample.js';
import { SAME, type OpUpgrade, type UpgradeStep } from './upgrade-step.js';

type Step = UpgradeStep | typeof SAME;

/** An op whose versions after the first are listed with their steps (SAME where nothing changes). */
function op(first: number, later: Readonly<Record<number, Step>>, deprecatedFrom?: number): OpUpgrade {
  const versions = [first, ...Object.keys(later).map(Number).sort((a, b) => a - b)];
  return deprecatedFrom === undefined ? { versions, steps: later } : { versions, steps: later, deprecatedFrom };
}

/** Versions 1, 6 (consumed_inputs dropped), then the given type-only versions. */
function legacyUnary(...typeOnly: number[]): OpUpgrade {
  return op(1, { 6: dropConsumedInputs, ...Object.fromEntries(typeOnly.map((v) => [v, SAME])) });
}

/** Versions where only types changed. */
function typeOnly(first: number, ...later: number[]): OpUpgrade {
  return op(first, Object.fromEntries(later.map((v) => [v, SAME])));
}

const softmaxLike = op(1, { 11: SAME, 13: softmaxTo13 });
const arithmetic = op(1, { 6: dropConsumedInputs, 7: legacyBroadcast, 13: SAME, 14: SAME });

/**
 * The upgrade of each known default-domain op.
 *
 * @example
 * ```ts
 * OP_UPGRADES.Reshape.versions; // [1, 5, 13, 14]
 * ```
 */
export const OP_UPGRADES: Readonly<Record<string, OpUpgrade>> = Object.freeze({
  Abs: legacyUnary(13),
  Add: arithmetic,
  ArgMax: typeOnly(1, 11, 12, 13),
  ArgMin: typeOnly(1, 11, 12, 13),
  AveragePool: typeOnly(1, 7, 10, 11), // 7: count_include_pad (default 0 = opset 1's "exclude pad"); 10: ceil_mode
  BatchNormalization: op(1, { 6: dropConsumedInputs, 7: dropIsTest, 9: dropSpatial, 14: bnTrainingOutputs, 15: SAME }),
  Cast: op(1, { 6: castToNumber, 9: SAME, 13: SAME }),
  Ceil: legacyUnary(13),
  Clip: op(1, { 6: dropConsumedInputs, 11: clipInputs, 12: SAME, 13: SAME }),
  Concat: op(1, { 4: concatAxis, 11: SAME, 13: SAME }),
  Constant: typeOnly(1, 9, 11, 12, 13),
  Conv: typeOnly(1, 11), // 11 only spells out the auto_pad and default stride/dilation rules
  ConvTranspose: op(1, { 11: convTransposePads }),
  Div: arithmetic,
  Dropout: op(1, { 6: dropConsumedInputs, 7: dropIsTest, 10: dropoutMask, 12: dropoutRatioInput, 13: SAME }),
  Elu: legacyUnary(),
  Erf: typeOnly(9, 13),
  Exp: legacyUnary(13),
  Expand: typeOnly(8, 13),
  Flatten: typeOnly(1, 9, 11, 13),
  Floor: legacyUnary(13),
  Gather: typeOnly(1, 11, 13),
  Gemm: op(1, { 6: SAME, 7: gemmBroadcast, 9: SAME, 11: SAME, 13: SAME }),
  GlobalAveragePool: typeOnly(1),
  GlobalMaxPool: typeOnly(1),
  HardSigmoid: legacyUnary(),
  Hardmax: softmaxLike,
  Identity: typeOnly(1, 13, 14, 16),
  InstanceNormalization: legacyUnary(),
  LRN: typeOnly(1, 13),
  LeakyRelu: legacyUnary(16),
  Log: legacyUnary(13),
  LogSoftmax: softmaxLike,
  MatMul: typeOnly(1, 9, 13),
  Max: legacyUnary(8, 12, 13), // 8: numpy broadcasting (opset 6 required equal shapes)
  MaxPool: typeOnly(1, 8, 10, 11, 12), // 8: Indices output, storage_order; 10: ceil_mode, dilations
  Mean: legacyUnary(8, 13),
  Min: legacyUnary(8, 12, 13),
  Mul: arithmetic,
  Neg: legacyUnary(13),
  PRelu: op(1, { 6: dropConsumedInputs, 7: preluSlope, 9: SAME, 16: SAME }),
  Pad: op(1, { 2: padPaddings, 11: padInputs, 13: SAME }),
  Pow: op(1, { 7: legacyBroadcast, 12: SAME, 13: SAME, 15: SAME }),
  Reciprocal: legacyUnary(13),
  ReduceMax: typeOnly(1, 11, 12, 13),
  ReduceMean: typeOnly(1, 11, 13),
  ReduceMin: typeOnly(1, 11, 12, 13),
  ReduceSum: op(1, { 11: SAME, 13: axesInput }),
  Relu: legacyUnary(13, 14),
  Reshape: op(1, { 5: reshapeShapeInput, 13: SAME, 14: SAME }),
  Resize: op(10, { 11: resizeCoordinates, 13: resizeModes }),
  Selu: legacyUnary(),
  Shape: typeOnly(1, 13, 15),
  Sigmoid: legacyUnary(13),
  Slice: op(1, { 10: sliceInputs, 11: SAME, 13: SAME }),
  Softmax: softmaxLike,
  Softplus: typeOnly(1),
  Softsign: typeOnly(1),
  Split: op(1, { 2: splitOpset2, 11: SAME, 13: splitInput }),
  Sqrt: legacyUnary(13),
  Squeeze: op(1, { 11: SAME, 13: axesInput }),
  Sub: arithmetic,
  Sum: legacyUnary(8, 13),
  Tanh: legacyUnary(13),
  Transpose: typeOnly(1, 13),
  Unsqueeze: op(1, { 11: SAME, 13: unsqueezeAxesInput }),
  Upsample: op(1, { 7: upsampleScales, 9: upsampleScalesInput, 10: upsampleToResize }, 10),
});

/** The newest opset this table describes. */
export const NEWEST_KNOWN_OPSET = 17;

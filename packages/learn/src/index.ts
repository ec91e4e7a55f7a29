/**
 * @kenobi/learn: heads in TypeScript (layers, losses, optimizers, training loop, k-fold, metrics,
 * MC-dropout). Pure TypeScript: runs the same in Node and the browser.
 */
export { isKenobiError } from '@kenobi/core';
export { LearnError, LEARN_ERROR_CODES } from './learn-error.js';
export type { LearnErrorCode } from './learn-error.js';

// matrices and the compute seam
export { DTYPES, matrix, asMatrix, allocFloat, dtypeOf, gatherRows, castMatrix } from './backend/matrix.js';
export type { DType, FloatArray, Matrix } from './backend/matrix.js';
export { matrixFromView, toMatrix } from './backend/matrix-view.js';
export type { MatrixInput } from './backend/matrix-view.js';
export type { MatrixBackend, GemmArgs } from './backend/matrix-backend.js';
export { jsMatrixBackend } from './backend/js-matrix-backend.js';

// initialisers
export { FAN_MODES, INIT_DISTRIBUTIONS, initialize } from './init/initializer.js';
export type { FanMode, InitDistribution, InitializerSpec } from './init/initializer.js';
export { heNormal, heUniform, glorotNormal, glorotUniform, lecunNormal, lecunUniform, zeros, constant } from './init/variance-scaling.js';
export type { NamedInitOptions } from './init/variance-scaling.js';

// layers and models
export { LAYER_TYPES } from './layers/layer.js';
export type { Layer, LayerType, LayerConfig, Param, Buffer, BuildContext, ForwardContext } from './layers/layer.js';
export { ActivationLayer } from './layers/activation-layer.js';
export { Dense, dense } from './layers/dense.js';
export type { DenseOptions } from './layers/dense.js';
export { ReLU, relu } from './layers/relu.js';
export { LeakyReLU, leakyRelu } from './layers/leaky-relu.js';
export { ELU, elu } from './layers/elu.js';
export { Sigmoid, sigmoid, logistic } from './layers/sigmoid.js';
export { Tanh, tanh } from './layers/tanh.js';
export { Softmax, softmax, softmaxRows } from './layers/softmax.js';
export { Dropout, dropout } from './layers/dropout.js';
export { BatchNormalization, batchNormalization } from './layers/batch-normalization.js';
export type { BatchNormalizationOptions } from './layers/batch-normalization.js';
export { Sequential, sequential } from './model/sequential.js';
export type { SequentialOptions, PredictOptions } from './model/sequential.js';
export { formatSummary } from './model/summary.js';
export { validateFeatures, validateLabels } from './model/validate-input.js';

// image models (CNNs): Keras-named layers, summary, trainer on @kenobi/autodiff gradient graphs, checkpoints
export { IMAGE_LAYER_TYPES, GRAPH_MODES, makeParam } from './cnn/image-layer.js';
export type { ImageLayer, ImageLayerType, ImageOnlyLayerType, ImageGraphContext, GraphMode } from './cnn/image-layer.js';
export { shapeSize, kerasShape, fromKerasInputShape } from './cnn/activation-shape.js';
export type { ActivationShape } from './cnn/activation-shape.js';
export { PADDINGS, axisGeometry, window2d } from './cnn/window-geometry.js';
export type { Padding, AxisWindow, AxisResult, Window2d } from './cnn/window-geometry.js';
export { Conv2D, conv2d } from './cnn/conv2d.js';
export type { Conv2dOptions } from './cnn/conv2d.js';
export { Pooling2D, maxPooling2d, averagePooling2d } from './cnn/pooling2d.js';
export type { Pooling2dOptions } from './cnn/pooling2d.js';
export { GlobalAveragePooling2D, globalAveragePooling2d } from './cnn/global-average-pooling2d.js';
export { Flatten, flatten } from './cnn/flatten.js';
export { SpatialDropout2D, spatialDropout2d } from './cnn/spatial-dropout2d.js';
export { HeadLayerAdapter } from './cnn/head-layer-adapter.js';
export { kerasClassName, kerasNamer } from './cnn/keras-names.js';
export { ImageModel, imageModel } from './cnn/image-model.js';
export type { ImageModelOptions, ImageModelSpec, ImageLayerSpec, ImageModelLayer } from './cnn/image-model.js';
export { formatImageSummary } from './cnn/image-summary.js';
export { createImageLayer, imageModelFromSpec } from './cnn/image-layer-registry.js';
export { emitImageGraph } from './cnn/image-graph.js';
export type { ImageGraph, ImageGraphOptions, MaskPort, StatisticsPort } from './cnn/image-graph.js';
export { IMAGE_LOSSES, checkImageLoss, emitLoss } from './cnn/image-loss.js';
export type { ImageLossName, LossPorts } from './cnn/image-loss.js';
export { checkImageTargets, batchTargets } from './cnn/image-targets.js';
export type { BatchTargets } from './cnn/image-targets.js';
export { compileTrainingGraph, compileInferenceGraph, requireFlatOutput } from './cnn/training-graph.js';
export type { ImageTrainingPlan, ImageInferencePlan } from './cnn/training-graph.js';
export { RANDOM_STREAMS, stepRandom } from './cnn/step-random.js';
export type { RandomStream } from './cnn/step-random.js';
export { fillDropoutMask } from './cnn/dropout-masks.js';
export type { SuppliedMasks } from './cnn/dropout-masks.js';
export { IMAGE_LAYOUTS, imageArray } from './cnn/image-dataset.js';
export type { ImageSource, ImageDataset, ImageLayout, ReadStep } from './cnn/image-dataset.js';
export { TRAINER_DEVICES, resolveTrainerOptions } from './cnn/trainer-options.js';
export type { ImageTrainerOptions, ResolvedTrainerOptions, TrainerDevice } from './cnn/trainer-options.js';
export { STEP_PHASES, StepClock } from './cnn/step-timings.js';
export type { StepPhase, StepTimings } from './cnn/step-timings.js';
export { ImageTrainer } from './cnn/image-trainer.js';
export { ImageInference, countCorrect } from './cnn/image-inference.js';
export type { InferenceResult } from './cnn/image-inference.js';
export { BatchReader } from './cnn/batch-reader.js';
export { gradientFormsFor, openGraphSession } from './cnn/ort-graph-session.js';
export type { GraphSession, GraphSessionOptions, OrtTensor } from './cnn/ort-graph-session.js';
export { lowerConvsToNchwc, NCHWC_DOMAIN } from './cnn/nchwc-lowering.js';
export type { NchwcBlockSize, NchwcLowering } from './cnn/nchwc-lowering.js';
export { nchwcSupport } from './cnn/nchwc-support.js';
export type { NchwcSupport } from './cnn/nchwc-support.js';
export type { StepResult, StepOptions, Evaluation } from './cnn/image-trainer.js';
export { fitImages } from './cnn/image-fit.js';
export type { ImageFitOptions, ImageFitResult, TrainingEvent } from './cnn/image-fit.js';
export { CHECKPOINT_FORMAT_VERSION, encodeCheckpoint, decodeCheckpoint } from './cnn/checkpoint-format.js';
export type { TrainingPosition, CheckpointInput, DecodedCheckpoint } from './cnn/checkpoint-format.js';
export { saveImageModel, loadImageModel, loadWeights } from './cnn/image-kenobi-format.js';
export type { KenobiImageHeader } from './cnn/image-kenobi-format.js';
export { exportImageModel, IMAGE_EXPORT_KEY } from './cnn/image-onnx-export.js';
export type { ImageExportInfo, ImageExportOptions } from './cnn/image-onnx-export.js';
export { encodeContainer, decodeContainer } from './io/kenobi-container.js';
export type { ContainerTensor, DecodedContainer } from './io/kenobi-container.js';

// heads
export { headOutputs } from './heads/head-options.js';
export type { HeadOptions } from './heads/head-options.js';
export { linearHead } from './heads/linear-head.js';
export { mlpHead, MLP_ACTIVATIONS } from './heads/mlp-head.js';
export type { MlpHeadOptions, MlpActivation } from './heads/mlp-head.js';
export { probabilities, predictProba, predictClasses, classesFromOutputs } from './heads/predict-proba.js';
export { trainHead, headLoss, HEAD_KINDS, HEAD_OPTIMIZERS } from './heads/train-head.js';
export type { HeadSpec, HeadKind, HeadOptimizer, TrainedHead } from './heads/train-head.js';

// losses
export { LOSS_NAMES } from './losses/loss.js';
export type { Loss, LossName, Targets } from './losses/loss.js';
export { binaryCrossEntropy } from './losses/binary-cross-entropy.js';
export { categoricalCrossEntropy } from './losses/categorical-cross-entropy.js';
export type { CategoricalCrossEntropyOptions } from './losses/categorical-cross-entropy.js';
export { meanSquaredError } from './losses/mean-squared-error.js';
export { meanAbsoluteError } from './losses/mean-absolute-error.js';
export { huber } from './losses/huber.js';
export { computeClassWeight, sampleWeightsFor } from './losses/class-weight.js';
export type { ClassWeight } from './losses/class-weight.js';

// optimizers and schedules
export { OPTIMIZER_NAMES } from './optim/optimizer.js';
export type { Optimizer, OptimizerName, OptimizerState } from './optim/optimizer.js';
export { optimizerFromSpec } from './optim/optimizer-spec.js';
export type { OptimizerSpec } from './optim/optimizer-spec.js';
export { sgd } from './optim/sgd.js';
export type { SgdOptions } from './optim/sgd.js';
export { adagrad } from './optim/adagrad.js';
export type { AdagradOptions } from './optim/adagrad.js';
export { rmsprop } from './optim/rmsprop.js';
export type { RmspropOptions } from './optim/rmsprop.js';
export { adam } from './optim/adam.js';
export type { AdamOptions } from './optim/adam.js';
export { adamw } from './optim/adamw.js';
export { fitLbfgs, sklearnL2 } from './optim/lbfgs.js';
export type { LbfgsOptions, LbfgsResult } from './optim/lbfgs.js';
export type { LrSchedule } from './schedules/lr-schedule.js';
export { stepLr } from './schedules/step-lr.js';
export { cosineLr } from './schedules/cosine-lr.js';
export { warmupLr } from './schedules/warmup-lr.js';

// training
export { fit } from './train/fit.js';
export type { FitOptions, History, EpochMetric } from './train/fit.js';
export type { EpochLogs, TrainingCallback, TrainingState } from './train/training-callback.js';
export { earlyStopping } from './train/early-stopping.js';
export type { EarlyStoppingOptions, EarlyStoppingCallback } from './train/early-stopping.js';
export { progressLogger, formatEpochLine } from './train/progress-logger.js';
export { layerwiseEngine } from './train/gradient-engine.js';
export type { GradientEngine } from './train/gradient-engine.js';
export { ortEngine } from './ort/ort-engine.js';
export { autoEngine } from './train/auto-engine.js';
export { denseKernelEngine } from './train/dense-kernel-engine.js';
export type { DenseKernelEngine } from './train/dense-kernel-engine.js';
export { denseKernels } from './train/dense-kernels.js';
export type { AutoEngine } from './train/auto-engine.js';
export type { OrtEngineOptions, OrtGradientEngine } from './ort/ort-engine.js';
export { buildGradientGraph, gradientGraphUnsupported, layersUnsupported, modeSignature, GRAPH_LOSSES } from './ort/gradient-graph.js';
export type { GradientGraphPlan, GraphLossKind } from './ort/gradient-graph.js';
export { buildInferenceGraph } from './ort/inference-graph.js';
export type { InferenceGraphPlan } from './ort/inference-graph.js';
export { gatherTargets, targetRows, toTargets } from './train/targets.js';
export { mcDropout } from './mc-dropout.js';
export type { McDropoutOptions } from './mc-dropout.js';

// serialisation
export { KENOBI_FORMAT_VERSION, saveModel, loadModel, readKenobiHeader } from './io/kenobi-format.js';
export type { KenobiHeader, KenobiTensorEntry } from './io/kenobi-format.js';
export { createLayer } from './io/layer-registry.js';

// evaluation
export { accuracy } from './metrics/accuracy.js';
export { confusionMatrix } from './metrics/confusion-matrix.js';
export { AVERAGES, precisionRecallFscore, precisionRecallFscoreSupport } from './metrics/precision-recall-fscore.js';
export type { Average, PrfOptions } from './metrics/precision-recall-fscore.js';
export { precision } from './metrics/precision.js';
export { recall } from './metrics/recall.js';
export { f1Score } from './metrics/f1-score.js';
export { binaryClfCurve } from './metrics/binary-clf-curve.js';
export { rocCurve } from './metrics/roc-curve.js';
export type { RocCurveOptions } from './metrics/roc-curve.js';
export { auc } from './metrics/auc.js';
export { rocAuc, rocAucOvr } from './metrics/roc-auc.js';
export { precisionRecallCurve } from './metrics/precision-recall-curve.js';
export { averagePrecision } from './metrics/average-precision.js';
export { tprAtFalsePositives, tpr0, tpr10 } from './metrics/tpr-at-false-positives.js';
export { mse } from './metrics/mean-squared-error-score.js';
export { mae } from './metrics/mean-absolute-error-score.js';
export { r2Score } from './metrics/r2-score.js';
export { photozResiduals } from './metrics/photoz-residuals.js';
export { photozBias } from './metrics/photoz-bias.js';
export { sigmaNmad } from './metrics/sigma-nmad.js';
export { outlierFraction } from './metrics/outlier-fraction.js';
export { classificationReport, regressionReport } from './metrics/evaluation-report.js';
export type { ClassificationReport, RegressionReport, BinaryMetrics } from './metrics/evaluation-report.js';
export { pairwiseSum, numpyMean, numpyMedian } from './metrics/pairwise-sum.js';

// cross-validation
export type { Fold } from './cv/fold.js';
export { foldsFromAssignment } from './cv/fold.js';
export { kFold } from './cv/k-fold.js';
export { stratifiedKFold, stratifiedFoldAssignment } from './cv/stratified-k-fold.js';
export { crossValidate } from './cv/cross-validate.js';
export type { CrossValidationResult } from './cv/cross-validate.js';
export { foldMeanStd } from './cv/fold-mean-std.js';
export type { FoldMeanStd, FoldMeanStdOptions } from './cv/fold-mean-std.js';

// ONNX export (backbone + head + preprocessing, MC-dropout)
export { exportModel, readExportInfo, findExportInfo, KENOBI_VERSION, EXPORT_TASKS, EXPORT_INFO_KEY, ExportError, EXPORT_ERROR_CODES, MC_DROPOUT_FORMS } from './export/index.js';
export type { ExportModelOptions, ExportInfo, ExportTask, ExportErrorCode, GraphPreprocessing, McDropoutForm, ImageStretch } from './export/index.js';

// plots (Vega-Lite specifications; render with vega in Node or a browser)
export { VEGA_LITE_SCHEMA, plotFrame } from './plots/vega-lite-spec.js';
export type { VegaLiteSpec } from './plots/vega-lite-spec.js';
export { rocPlotSpec } from './plots/roc-plot.js';
export { confusionPlotSpec } from './plots/confusion-plot.js';
export { historyPlotSpec } from './plots/history-plot.js';
export { regressionPlotSpec } from './plots/regression-plot.js';
export { imageModelFromLayerList } from './cnn/layer-list.js';
export { isKerasModelConfig, kerasInitializer, layerListFromKeras, type KerasLayerList, type LayerSpec } from './cnn/keras-model-config.js';
export { BUILTIN_ARCHITECTURES, builtinArchitecture, classifierOutput, checkClassifierOutputs } from './cnn/builtin-architectures.js';
export type { BuiltinArchitecture } from './cnn/builtin-architectures.js';
export { exportImageClassifier } from './cnn/image-classifier-export.js';
export type { ImageClassifierExportOptions } from './cnn/image-classifier-export.js';

// fine-tuning pretrained backbones (frozen trunk + trainable blocks + head)
export * from './finetune/index.js';

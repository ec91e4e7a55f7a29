/**
 * Fine-tuning pretrained ONNX backbones (the pure parts; the disk trunk cache is in `@kenobi/learn/node`).
 */
export { FinetuneError, FINETUNE_ERROR_CODES } from './finetune-error.js';
export type { FinetuneErrorCode } from './finetune-error.js';
export { splitBackbone } from './backbone-split.js';
export type { BackboneSplit, BlockBatchNorm, SplitOptions } from './backbone-split.js';
export { emitHeadOnBlocks, HEAD_PREFIX } from './head-on-blocks.js';
export type { HeadOnBlocks, HeadStatisticsPort } from './head-on-blocks.js';
export { compileFinetuneTraining, compileFinetuneInference } from './finetune-graph.js';
export type { FinetuneTrainingPlan, FinetuneInferencePlan, StatisticsOutput } from './finetune-graph.js';
export { BATCH_NORM_MODES, resolveFinetuneOptions } from './finetune-options.js';
export type { BatchNormMode, FinetuneOptions, FinetuneSchedule, ResolvedFinetuneOptions } from './finetune-options.js';
export { layerwiseGroups, stepGroups, finetuneSchedule } from './layerwise-lr.js';
export type { ParamGroup } from './layerwise-lr.js';
export { TRUNK_MODES, cacheableAugment, cachedVariants, augmentReason, variantOf } from './trunk-variants.js';
export type { TrunkMode } from './trunk-variants.js';
export { arrayInputs } from './trunk-inputs.js';
export type { TrunkInputs } from './trunk-inputs.js';
export { TrunkRunner } from './trunk-runner.js';
export { RecomputeTrunk, MemoryTrunkCache } from './trunk-source.js';
export { LazyTrunkCache } from './lazy-trunk-cache.js';
export type { LazyCacheStats } from './lazy-trunk-cache.js';
export type { TrunkSource, TrunkReadStep } from './trunk-source.js';
export { finetuneRows, finetuneIdentity } from './finetune-data.js';
export type { FinetuneData } from './finetune-data.js';
export { Finetuner } from './finetuner.js';
export { planUnfreeze } from './unfreeze-blocks.js';
export type { UnfreezePlan } from './unfreeze-blocks.js';
export type { FinetuneStepResult } from './finetuner.js';
export { FinetuneInference } from './finetune-inference.js';
export { fitFinetune, evaluateFinetune } from './finetune-fit.js';
export type { FinetuneEvent, FinetuneEvaluation, FinetuneFitOptions, FinetuneFitResult } from './finetune-fit.js';
export { FINETUNE_CHECKPOINT_VERSION, encodeFinetuneCheckpoint, decodeFinetuneCheckpoint } from './finetune-checkpoint.js';
export type { FinetuneCheckpoint } from './finetune-checkpoint.js';
export { FINETUNED_FORMAT_VERSION, saveFinetuned, loadFinetuned, applyFinetuned } from './finetuned-file.js';
export type { FinetunedBackbone, LoadedFinetuned } from './finetuned-file.js';
export { exportFinetuned, finetunedModel } from './finetune-export.js';
export type { FinetuneExportOptions, FinetunedModel } from './finetune-export.js';

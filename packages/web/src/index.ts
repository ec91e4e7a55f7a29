/**
 * @kenobi/web: the Kenobi browser app, and the pure pieces it is made of (usable in your own app): reading
 * an exported model's classes and preprocessing, decoding dropped FITS/PNG/JPEG files, preparing the model
 * input exactly as Node does, MC-dropout statistics and the batch CSV. The static server is the Node-only
 * entry `@kenobi/web/server`.
 */
export { WebError, WEB_ERROR_CODES } from './web-error.js';
export type { WebErrorCode } from './web-error.js';
export { MODEL_METADATA_KEYS, PROBABILITY_OUTPUTS, FEATURES_OUTPUT } from './model/metadata-keys.js';
export { readModelInfo, classNames } from './model/model-info.js';
export type { ModelInfo, ImagePreparation } from './model/model-info.js';
export { IMAGE_FILE_KINDS, fileKind, bandOf, groupImageFiles } from './images/image-files.js';
export type { ImageFileKind, NamedFile, ImageGroup } from './images/image-files.js';
export { decodeFitsBand, decodeImageFiles } from './images/decode-image-file.js';
export type { DecodedImage } from './images/decode-image-file.js';
export { answerDecodeRequest } from './images/decode-request.js';
export type { DecodeRequest, DecodeReply } from './images/decode-request.js';
export { WorkerDecoder, DECODE_TIMEOUT_MS } from './images/worker-decoder.js';
export type { SpawnDecodeWorker, DecodeWorkerPort } from './images/worker-decoder.js';
export { decodeGroups } from './images/decode-groups.js';
export type { DroppedFile, LoadedImage } from './images/decode-groups.js';
export { prepareModelInput, stretchedPlanes } from './images/prepare-input.js';
export type { DisplayChoice } from './images/prepare-input.js';
export { PREVIEW_MODES, previewPixels } from './images/preview-pixels.js';
export type { PreviewMode, PreviewPixels } from './images/preview-pixels.js';
export { sampleStatistics } from './inference/mc-statistics.js';
export type { SampleStatistics } from './inference/mc-statistics.js';
export { classifyImage } from './inference/classify-image.js';
export type { ClassifyOptions, SplitSessions } from './inference/classify-image.js';
export { resultsCsv } from './inference/results-csv.js';
export type { ResultRow } from './inference/results-csv.js';
export { ORT_ASSET_DIR, ORT_ASSET_FILES, configureOrtAssets } from './ort-assets.js';

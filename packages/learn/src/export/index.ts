/** ONNX export of a backbone + trained head (+ preprocessing, MC-dropout) as one model. */
export { exportModel } from './export-model.js';
export type { ExportModelOptions } from './export-model.js';
export { readExportInfo, findExportInfo, exportMetadataProps, KENOBI_VERSION, EXPORT_TASKS, EXPORT_INFO_KEY } from './export-metadata.js';
export type { ExportInfo, ExportTask, ImageStretch } from './export-metadata.js';
export { ExportError, EXPORT_ERROR_CODES } from './export-error.js';
export type { ExportErrorCode } from './export-error.js';
export type { GraphPreprocessing } from './preprocessing-graph.js';
export { appendHead, MC_DROPOUT_FORMS } from './head-graph.js';
export type { HeadGraph, HeadGraphOptions, McDropoutForm } from './head-graph.js';

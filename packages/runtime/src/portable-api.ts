/**
 * The platform-neutral part of the public API, re-exported by both entries (`index.ts` for Node,
 * `index.browser.ts` for browsers).
 */
export { DEVICES, PROVIDERS, ORT_PACKAGES, PLATFORMS, DEVICE_TABLE, isDevice } from './devices.js';
export type { Device, ConcreteDevice, Provider, OrtPackage, Platform, ProviderStep } from './devices.js';
export { RuntimeError, RUNTIME_ERROR_CODES } from './runtime-error.js';
export type { RuntimeErrorCode } from './runtime-error.js';
export { KenobiSession } from './kenobi-session.js';
export type { ArrayTensor, TensorData, DeclaredShape } from './kenobi-session.js';
export type { CreateSessionOptions, PassThroughSessionOptions } from './create-session.js';
export type { SessionGate, SessionGateContext, SessionGateVerdict } from './session-gate.js';
export { formatAttempts } from './session-attempt.js';
export type { SessionAttempt } from './session-attempt.js';
export { runBatched } from './run-batched.js';
export { arrayTensor, floatBatch } from './tensor-input.js';
export type { TensorInput } from './tensor-input.js';
export type { RunBatchedOptions, BatchedResult } from './run-batched.js';
export { formatDevicesReport } from './describe-devices.js';
export type { DeviceStatus, DevicesReport } from './describe-devices.js';
export { affectedConvs, isBugChannelCount, convCanary } from './webgpu-conv-bug.js';
export type { AffectedConv } from './webgpu-conv-bug.js';
export { webgpuConvVerdict } from './webgpu-conv-check.js';
export type { WebGpuConvVerdict } from './webgpu-conv-check.js';
export type { ModelInput, ModelProto } from './model-input.js';
export type { OrtModule, LoadedOrt } from './ort-module.js';

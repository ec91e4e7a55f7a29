/** @kenobi/autodiff: reverse-mode autodiff over ONNX graphs, in standard ONNX ops. */
export { buildGradientGraph, GRADIENT_OPSET } from './gradient-graph.js';
export type { GradientGraph, GradientGraphOptions } from './gradient-graph.js';
export type { GradientRule, GradContext, TrainingMode, Attrs } from './gradient-rule.js';
export type { GraphPort } from './graph-writer.js';
export { gradientRule, differentiableOps } from './rules/registry.js';
export { AutodiffError, AUTODIFF_ERROR_CODES } from './autodiff-error.js';
export type { AutodiffErrorCode } from './autodiff-error.js';
export { upgradeOpset } from './opset-upgrade.js';
export { PORT_ROLE_KINDS } from './port-role.js';
export type { PortRole, PortRoleKind } from './port-role.js';

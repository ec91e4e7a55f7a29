/**
 * Short names for the generated protobuf message shapes. Every @kenobi/onnx function takes and returns these
 * plain objects (what `decodeModel` gives, or what a builder writes by hand).
 */
import type { onnx } from '../generated/onnx-proto.js';

/** An ONNX model (ModelProto), as decoded or built. */
export type ModelProto = onnx.ModelProto.$Properties;
/** The graph of a model. */
export type GraphProto = onnx.GraphProto.$Properties;
/** One node of a graph. */
export type NodeProto = onnx.NodeProto.$Properties;
/** A tensor: an initializer or a Constant's value. */
export type TensorProto = onnx.TensorProto.$Properties;
/** A named, typed value: graph inputs, outputs and value_info. */
export type ValueInfoProto = onnx.ValueInfoProto.$Properties;
/** A node attribute. */
export type AttributeProto = onnx.AttributeProto.$Properties;
/** One dimension of a tensor shape: a number, a symbolic name such as 'N', or unknown ('?'). */
export type Dim = number | string;

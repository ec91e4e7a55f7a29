/** @kenobi/onnx: ONNX ModelProto codec, graph view, Keras-style summary, cut at a tensor, batch repair, graph builder and architectures. */
export {};

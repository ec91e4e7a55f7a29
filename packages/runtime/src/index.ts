/** @kenobi/runtime: Device table, execution-provider fallback resolver with a report of every attempt, batched sessions for onnxruntime-node and onnxruntime-web. */
export {};

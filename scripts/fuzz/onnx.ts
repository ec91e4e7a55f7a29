/**
 * Long ONNX fuzz runs (issue #12 §3): the mutators and pipeline of the in-suite fuzz test
 * (`packages/onnx/src/fuzz/`), for as many cases as you like, in a child process watched for hangs, crashes
 * and oversized allocations. Each case: a seed model (built with the package's GraphBuilder and
 * architectures; with --shared also ../shared's mnist-8 and cnn_mnist_pytorch) mutated at byte, protobuf
 * wire or model-structure level, then decode → validate → summary → cutAtTensor → findFeatureTensor.
 * Prints the seed, the case count, outcomes by stage and error code, untyped / crash / hang / oversize
 * counts, the slowest case and the largest memory growth; exits 1 on any finding.
 *
 *   node --conditions=@kenobi/source --import tsx scripts/fuzz/onnx.ts --cases 20000 --seed 1 [--shared] \
 *     [--start 0] [--hang-ms 10000]
 *   node --conditions=@kenobi/source --import tsx scripts/fuzz/onnx.ts --seed 1 --replay 4711 [--shared]
 */
import { fileURLToPath } from 'node:url';
import { fuzzMain } from '../../packages/core/src/fuzz/fuzz-cli.node.js';
import { onnxRunSeeds, runOnnxCase } from '../../packages/onnx/src/fuzz/onnx-fuzz-child.node.js';

process.exitCode = await fuzzMain({
  format: 'onnx',
  childModule: fileURLToPath(new URL('../../packages/onnx/src/fuzz/onnx-fuzz-child.node.ts', import.meta.url)),
  replay: async (seed, index, options) => runOnnxCase(onnxRunSeeds(options), seed, index),
  defaultCases: 20000,
  extraFlags: { shared: 'boolean' },
}, process.argv.slice(2));

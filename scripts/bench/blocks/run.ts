/**
 * Benchmark of backbone blocks: `dataflowCuts` (the cut-point sweep) and the whole `modelBlocks` (cut points,
 * shapes, families, params) on DenseNet-121 (429 nodes, from ../shared when present), the builder's full-width
 * ResNet-50, and a deep residual chain of n blocks, to show the cost grows linearly with the nodes.
 *
 * Run: node --conditions=@kenobi/source --import tsx scripts/bench/blocks/run.ts [n=2000]
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dataflowCuts, GraphBuilder, graphView, modelBlocks, resnet50, type ModelProto } from '@kenobi/onnx';
import { loadModelFile } from '@kenobi/onnx/node';

const n = Number(process.argv[2] ?? 2000);

function residualChain(blocks: number): ModelProto {
  const b = new GraphBuilder({ name: 'chain', seed: 1 });
  let x = b.relu(b.conv(b.input('input', 'float32', [1, 3, 16, 16]), { outChannels: 4, kernel: 3, pad: 1 }));
  for (let i = 0; i < blocks; i++) x = b.relu(b.add(b.conv(b.relu(b.conv(x, { outChannels: 4, kernel: 3, pad: 1 })), { outChannels: 4, kernel: 3, pad: 1 }), x));
  b.output(b.dense(b.flatten(b.globalAveragePool(x)), { units: 2 }));
  return b.build();
}

function median(f: () => unknown, runs: number): number {
  f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[runs >> 1]!;
}

const densenet = '../shared/models/densenet121-keras-imagenet.onnx';
const models: [string, ModelProto][] = [
  ...(existsSync(densenet) ? [['DenseNet-121 (Keras)', loadModelFile(densenet)] as [string, ModelProto]] : []),
  ['ResNet-50 (builder, full width)', resnet50({ materialize: false })],
  [`residual chain, ${n / 4} blocks`, residualChain(n / 4)],
  [`residual chain, ${n} blocks`, residualChain(n)],
];
console.log(`Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`);
console.log('| model | nodes | blocks | dataflowCuts (ms) | modelBlocks (ms) |');
console.log('| --- | --: | --: | --: | --: |');
for (const [name, model] of models) {
  const view = graphView(model);
  const end = modelBlocks(model).end;
  const cuts = median(() => dataflowCuts(view, end), 9);
  const all = median(() => modelBlocks(model), 9);
  console.log(`| ${name} | ${view.nodes.length} | ${modelBlocks(model).blocks.length} | ${cuts.toFixed(2)} | ${all.toFixed(1)} |`);
}

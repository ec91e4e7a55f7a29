/**
 * `kenobi cut <model.onnx> --at <tensor|auto> [--pool avg|max|none] -o <out.onnx>`: a feature extractor.
 */
import { cutAtTensor, findFeatureTensor, POOL_MODES, type PoolMode } from '@kenobi/onnx';
import { loadModelFile, saveModelFile } from '@kenobi/onnx/node';
import { resolveModelArg } from '@kenobi/zoo/node';
import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';
import { outFlag } from './out-flag.js';

/**
 * The `cut` command.
 *
 * @example
 * ```sh
 * kenobi cut densenet121.onnx --at auto -o densenet121-features.onnx   # output avg_pool [N, 1024]
 * ```
 */
export const cutCommand: Command = {
  words: ['cut'],
  summary: 'Cut a model at a tensor to make a feature extractor (pooled to [N, C] if asked)',
  usage: 'kenobi cut <model.onnx|zoo id> --at <tensor|auto> [--pool avg|max|none] -o <out.onnx> [--json]',
  details: `
Writes a model whose only output is the chosen tensor; every node and weight not needed for it is removed.

  --at     a tensor name (kenobi summary lists them) or 'auto': the tensor feeding the classifier
  --pool   avg | max | none: global pooling + flatten of a feature map to [N, C]. Default: none, or avg
           when --at auto finds a feature map
  -o, --out  the output .onnx file
  --json   print what was done as JSON

Example: kenobi cut mnist-8.onnx --at Pooling160_Output_0 --pool avg -o mnist-features.onnx`,
  options: { at: { type: 'string' }, pool: { type: 'string' }, out: { type: 'string', short: 'o' }, output: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals }, io) {
    const arg = positionals[0]!;
    const at = values.at;
    if (typeof at !== 'string' || at === '') throw new UsageError('kenobi cut: --at <tensor|auto> is required');
    const out = outFlag(values, 'kenobi cut', '-o <out.onnx>');
    const poolText = values.pool;
    if (poolText !== undefined && !(POOL_MODES as readonly unknown[]).includes(poolText)) {
      throw new UsageError(`kenobi cut: --pool must be one of ${POOL_MODES.join(', ')}, got '${String(poolText)}'`);
    }
    const { path } = await resolveModelArg(arg);
    const model = loadModelFile(path);
    const auto = at === 'auto' ? findFeatureTensor(model) : undefined;
    const tensor = auto?.name ?? at;
    const pool: PoolMode = (poolText as PoolMode | undefined) ?? (auto?.poolingNeeded ? 'avg' : 'none');
    const cut = cutAtTensor(model, tensor, { pool });
    saveModelFile(out, cut);
    const output = cut.graph!.output![0]!;
    const dims = output.type?.tensor_type?.shape?.dim?.map((d) => (d.dim_param || (d.dim_value !== undefined && d.dim_value !== null ? Number(d.dim_value) : '?')));
    const result = { model: path, tensor, pool, output: output.name, shape: dims ?? null, nodes: cut.graph!.node!.length, written: out };
    io.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `cut ${path} at '${tensor}'${pool !== 'none' ? ` (${pool}-pooled)` : ''}: output ${output.name}${dims ? ` [${dims.join(', ')}]` : ''}, ${result.nodes} nodes -> ${out}\n`);
    return 0;
  },
};

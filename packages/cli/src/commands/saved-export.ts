/**
 * Saving the one ONNX file of `kenobi export` for a model that is the whole network (an image model, a
 * fine-tuned model) and saying what was written: its inputs, outputs and `kenobi.export` metadata as JSON, or
 * three lines for a person.
 */
import { graphView, type ModelProto } from '@kenobi/onnx';
import { saveModelFile } from '@kenobi/onnx/node';
import type { CommandIo } from '../command.js';

/**
 * What the report of {@link saveExport} says.
 *
 * @example
 * ```ts
 * const r: SavedExportReport = { json: false, what: 'seeds-cnn image model lensnet.kenobi', inGraph: true, inputChw: [3, 64, 64] };
 * ```
 */
export interface SavedExportReport {
  /** `{ written, inputs, outputs, info }` on stdout instead of the lines. */
  readonly json: boolean;
  /** What was exported, for the first line (`exported <what> -> <out>`). */
  readonly what: string;
  /** Whether the graph takes raw 0–255 pixels (the preprocessing is in it). */
  readonly inGraph: boolean;
  /** The input's shape after N, when the line should show it. */
  readonly inputChw?: readonly number[];
  /** `--mc-dropout` was given: say what the export does with it (and warn when the network has no dropout). */
  readonly mcDropoutAsked?: boolean;
}

/**
 * The line `kenobi export --mc-dropout` owes the user: what the export's MC-dropout is, or, when the network
 * has no dropout at all, a warning that the export is deterministic (undefined without the flag).
 *
 * @example
 * ```ts
 * mcDropoutReport({ mcDropout: { enabled: false, note: 'off' } }, true); // { warning: 'warning: --mc-dropout: ...' }
 * ```
 */
export function mcDropoutReport(info: Readonly<Record<string, unknown>>, asked: boolean | undefined): { line?: string; warning?: string } {
  if (!asked) return {};
  const mc = (info['mcDropout'] ?? {}) as { enabled?: boolean; note?: string };
  if (mc.enabled) return { line: `  MC-dropout: ${mc.note ?? 'on'}` };
  return { warning: 'warning: --mc-dropout: the network has no dropout layer (a linear head, say), so the export is deterministic and kenobi predict --samples will refuse it; train with a dropout head (--head mlp --dropout 0.3) for MC-dropout' };
}

/**
 * Writes `model` to `out` and reports it on `io.stdout` (the classes from its `kenobi.export` metadata).
 *
 * @example
 * ```ts
 * saveExport('lensnet.onnx', proto, { json: false, what: 'seeds-cnn image model lensnet.kenobi', inGraph: true, inputChw: [3, 64, 64] }, io);
 * // exported seeds-cnn image model lensnet.kenobi -> lensnet.onnx
 * //   input  pixels [N, 3, 64, 64] (raw 0-255 RGB pixels, NCHW float)
 * //   output probabilities, features; classes lens, non-lens
 * ```
 */
export function saveExport(out: string, model: ModelProto, report: SavedExportReport, io: CommandIo): void {
  saveModelFile(out, model);
  const view = graphView(model);
  const info = JSON.parse(model.metadata_props!.find((p) => p.key === 'kenobi.export')!.value!) as Record<string, unknown>;
  if (report.json) {
    io.stdout.write(`${JSON.stringify({ written: out, inputs: view.inputs.map((i) => i.name), outputs: view.outputs.map((o) => o.name), info }, null, 2)}\n`);
    return;
  }
  io.stdout.write(`exported ${report.what} -> ${out}\n`);
  io.stdout.write(`  input  ${view.inputs.map((i) => i.name).join(', ')}${report.inputChw ? ` [N, ${report.inputChw.join(', ')}]` : ''}${report.inGraph ? ' (raw 0-255 RGB pixels, NCHW float)' : ' (prepared input: scaled, standardised)'}\n`);
  io.stdout.write(`  output ${view.outputs.map((o) => o.name).join(', ')}; classes ${(info['classes'] as string[] | undefined)?.join(', ') ?? '?'}\n`);
  writeMcDropoutReport(info, report.mcDropoutAsked, io);
}

/**
 * Writes {@link mcDropoutReport}: its line to stdout, its warning to stderr.
 *
 * @example
 * ```ts
 * writeMcDropoutReport(info, values['mc-dropout'] === true, io);
 * ```
 */
export function writeMcDropoutReport(info: Readonly<Record<string, unknown>>, asked: boolean | undefined, io: CommandIo): void {
  const mc = mcDropoutReport(info, asked);
  if (mc.line) io.stdout.write(`${mc.line}\n`);
  if (mc.warning) io.stderr.write(`${mc.warning}\n`);
}

import type { EpochLogs } from '../train/training-callback.js';
import { plotFrame, type VegaLiteSpec } from './vega-lite-spec.js';

/**
 * Loss curves per epoch (training and, when present, validation), and one panel per validation metric.
 *
 * @example
 * ```ts
 * const h = await fit(model, x, y, { ..., validationSplit: 0.1 });
 * historyPlotSpec(h.epochs);
 * ```
 */
export function historyPlotSpec(epochs: readonly EpochLogs[], title = 'Training curves'): VegaLiteSpec {
  const rows: { epoch: number; value: number; series: string; panel: string }[] = [];
  for (const e of epochs) {
    rows.push({ epoch: e.epoch + 1, value: e.loss, series: 'train', panel: 'loss' });
    if (e.valLoss !== undefined) rows.push({ epoch: e.epoch + 1, value: e.valLoss, series: 'validation', panel: 'loss' });
    for (const [name, v] of Object.entries(e.metrics ?? {})) if (Number.isFinite(v)) rows.push({ epoch: e.epoch + 1, value: v, series: 'validation', panel: name });
  }
  const panels = [...new Set(rows.map((r) => r.panel))];
  const frame = plotFrame(title);
  return {
    $schema: frame['$schema'], background: 'white', padding: 12, config: frame['config'], title: frame['title'],
    data: { values: rows },
    columns: Math.min(2, panels.length),
    facet: { field: 'panel', type: 'nominal', title: null, sort: panels },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 360, height: 260,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['train', 'validation'], range: ['#1f77b4', '#ff7f0e'] } },
      },
    },
  };
}

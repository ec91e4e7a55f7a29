import { plotFrame, type VegaLiteSpec } from './vega-lite-spec.js';

/**
 * A confusion-matrix heat map (rows true, columns predicted, as scikit-learn), coloured by the fraction of
 * each true class, with the counts written in the cells.
 *
 * @example
 * ```ts
 * confusionPlotSpec([[50, 3], [7, 40]], ['elliptical', 'spiral']);
 * ```
 */
export function confusionPlotSpec(matrix: readonly (readonly number[])[], classes: readonly string[], title = 'Confusion matrix'): VegaLiteSpec {
  const cells = matrix.flatMap((row, i) => {
    const total = row.reduce((s, v) => s + v, 0);
    return row.map((count, j) => ({ true: classes[i] ?? String(i), predicted: classes[j] ?? String(j), count, fraction: total > 0 ? count / total : 0 }));
  });
  const side = Math.max(220, Math.min(520, 70 * classes.length));
  const order = [...classes];
  return {
    ...plotFrame(title, { width: side, height: side }),
    data: { values: cells },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort: order, title: 'predicted', axis: { labelAngle: -30 } },
      y: { field: 'true', type: 'nominal', sort: order, title: 'true' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'fraction', type: 'quantitative', title: 'row fraction', scale: { scheme: 'blues', domain: [0, 1] } } } },
      {
        mark: { type: 'text', fontSize: 12 },
        encoding: { text: { field: 'count', type: 'quantitative' }, color: { condition: { test: 'datum.fraction > 0.5', value: 'white' }, value: 'black' } },
      },
    ],
  };
}

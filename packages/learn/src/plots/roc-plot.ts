import type { BinaryMetrics } from '../metrics/evaluation-report.js';
import { plotFrame, type VegaLiteSpec } from './vega-lite-spec.js';

/**
 * The ROC curve (scikit-learn's points, drawn as steps), the chance diagonal, and the strong-lens challenge
 * points: TPR0 at zero false positives and TPR10 at ten (FPR = 10 / negatives), with the AUC in the title.
 *
 * @example
 * ```ts
 * const spec = rocPlotSpec(classificationReport(y, logits, pred, ['non-lens', 'lens']).binary!);
 * ```
 */
export function rocPlotSpec(m: BinaryMetrics, label = 'ROC'): VegaLiteSpec {
  const curve = m.roc.fpr.map((fpr, i) => ({ fpr, tpr: m.roc.tpr[i] }));
  const points = [
    { fpr: 0, tpr: m.tpr0, name: `TPR0 = ${m.tpr0.toFixed(3)}` },
    { fpr: Math.min(1, 10 / Math.max(1, m.negatives)), tpr: m.tpr10, name: `TPR10 = ${m.tpr10.toFixed(3)}` },
  ].filter((p) => Number.isFinite(p.tpr));
  const x = { field: 'fpr', type: 'quantitative', title: 'false-positive rate', scale: { domain: [0, 1] } };
  const y = { field: 'tpr', type: 'quantitative', title: 'true-positive rate', scale: { domain: [0, 1] } };
  return {
    ...plotFrame([`${label}: AUC = ${m.rocAuc.toFixed(4)}`, `${m.positives} positives, ${m.negatives} negatives`]),
    layer: [
      { data: { values: [{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }] }, mark: { type: 'line', strokeDash: [4, 4], color: '#999' }, encoding: { x, y } },
      { data: { values: curve }, mark: { type: 'line', interpolate: 'step-after', color: '#1f77b4', strokeWidth: 2 }, encoding: { x, y } },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 80 },
        encoding: { x, y, color: { field: 'name', type: 'nominal', title: null, scale: { range: ['#d62728', '#ff7f0e'] }, legend: { orient: 'bottom-right' } } },
      },
    ],
  };
}

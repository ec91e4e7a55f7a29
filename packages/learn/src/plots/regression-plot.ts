import { plotFrame, type VegaLiteSpec } from './vega-lite-spec.js';

/**
 * Predicted against true values with the y = x line and the photo-z outlier bounds
 * (|Δz| = 0.15·(1 + z)); the title carries bias, σ_NMAD and the outlier fraction.
 *
 * @example
 * ```ts
 * regressionPlotSpec(zTrue, zPred, { name: 'z', photozBias: 0.001, sigmaNmad: 0.03, outlierFraction: 0.02, r2: 0.9 });
 * ```
 */
export function regressionPlotSpec(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  m: { readonly name: string; readonly photozBias: number; readonly sigmaNmad: number; readonly outlierFraction: number; readonly r2: number },
): VegaLiteSpec {
  const points = Array.from({ length: yTrue.length }, (_, i) => ({ t: yTrue[i]!, p: yPred[i]! }));
  let lo = Infinity, hi = -Infinity;
  for (const q of points) { lo = Math.min(lo, q.t, q.p); hi = Math.max(hi, q.t, q.p); }
  if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
  const line = (f: (z: number) => number, series: string): { t: number; p: number; series: string }[] =>
    Array.from({ length: 21 }, (_, i) => lo + ((hi - lo) * i) / 20).map((z) => ({ t: z, p: f(z), series }));
  const guides = [...line((z) => z, 'y = x'), ...line((z) => z + 0.15 * (1 + z), '+0.15(1+z)'), ...line((z) => z - 0.15 * (1 + z), '−0.15(1+z)')];
  const x = { field: 't', type: 'quantitative', title: `true ${m.name}`, scale: { domain: [lo, hi], zero: false } };
  const y = { field: 'p', type: 'quantitative', title: `predicted ${m.name}`, scale: { domain: [lo, hi], zero: false } };
  const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(4) : 'n/a');
  return {
    ...plotFrame([`Predicted vs true ${m.name} (${points.length} rows)`, `bias ${f(m.photozBias)}, σ_NMAD ${f(m.sigmaNmad)}, outliers ${f(m.outlierFraction)}, R² ${f(m.r2)}`]),
    layer: [
      { data: { values: points }, mark: { type: 'circle', size: 18, opacity: 0.6, color: '#1f77b4', clip: true }, encoding: { x, y } },
      { data: { values: guides }, mark: { type: 'line', strokeDash: [4, 4], clip: true }, encoding: { x, y, detail: { field: 'series' }, color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['y = x', '+0.15(1+z)', '−0.15(1+z)'], range: ['#555', '#d62728', '#d62728'] } } } },
    ],
  };
}

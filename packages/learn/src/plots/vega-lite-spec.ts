/**
 * Vega-Lite specifications for the evaluation plots, as plain JSON objects: pure (no vega import), so they
 * can be rendered by vega in Node (`kenobi evaluate`) or embedded in a browser page.
 */

/** A Vega-Lite v5/v6 specification (JSON). */
export type VegaLiteSpec = Readonly<Record<string, unknown>>;

/** The schema URL the specs declare. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Shared look: white background, 420 × 360, readable fonts.
 *
 * @example
 * ```ts
 * const spec = { ...plotFrame('ROC'), mark: 'line', encoding: { ... } };
 * ```
 */
export function plotFrame(title: string | readonly string[], size: { width?: number; height?: number } = {}): Record<string, unknown> {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, fontSize: 14, anchor: 'start' },
    width: size.width ?? 420,
    height: size.height ?? 360,
    background: 'white',
    padding: 12,
    config: { font: 'DejaVu Sans, Helvetica, Arial, sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12 } },
  };
}

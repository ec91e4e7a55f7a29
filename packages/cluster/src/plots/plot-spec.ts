/**
 * The Vega-Lite frame of the cluster plots: plain JSON (no vega import), the same look as `@kenobi/learn`'s
 * plots, so `kenobi cluster` renders them with the CLI's one renderer and a browser can embed them.
 */

/** A Vega-Lite v6 specification (JSON). @example `const s: ClusterPlotSpec = { mark: 'point' };` */
export type ClusterPlotSpec = Readonly<Record<string, unknown>>;

/**
 * Schema, white background, title and fonts shared by the cluster plots.
 *
 * @example
 * ```ts
 * const spec = { ...clusterPlotFrame('Elbow'), mark: 'line' };
 * ```
 */
export function clusterPlotFrame(title: string | readonly string[]): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, fontSize: 14, anchor: 'start' },
    background: 'white',
    padding: 12,
    config: { font: 'DejaVu Sans, Helvetica, Arial, sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12 } },
  };
}

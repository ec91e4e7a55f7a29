/**
 * Node-only: renders a Vega-Lite specification to SVG (vega-lite compile → vega View, headless, `toSVG`) and
 * PNG (resvg, with the system fonts).
 */
import { writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import type { VegaLiteSpec } from '@kenobi/learn';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

/**
 * The SVG text and PNG bytes of a Vega-Lite spec. NOTE: vega + resvg instead of a hand-written plotter:
 * well-kept, and the same specs render in a browser.
 *
 * @example
 * ```ts
 * const { svg, png } = await renderPlot(rocPlotSpec(report.binary!));
 * ```
 */
export async function renderPlot(spec: VegaLiteSpec, options: { scale?: number } = {}): Promise<{ svg: string; png: Uint8Array }> {
  const compiled = vegaLite.compile(spec as unknown as vegaLite.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: options.scale ?? 2 }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
    return { svg, png: new Uint8Array(png) };
  } finally {
    view.finalize();
  }
}

/**
 * Renders `spec` and writes `<base>.svg` and `<base>.png`; returns the two paths.
 *
 * @example
 * ```ts
 * await writePlot(confusionPlotSpec(cm, classes), 'out/confusion'); // ['out/confusion.svg', 'out/confusion.png']
 * ```
 */
export async function writePlot(spec: VegaLiteSpec, base: string): Promise<[string, string]> {
  const { svg, png } = await renderPlot(spec);
  writeFileSync(`${base}.svg`, svg);
  writeFileSync(`${base}.png`, png);
  return [`${base}.svg`, `${base}.png`];
}

import { renderSurfaceBrightness } from '../../../packages/sim/src/render-surface-brightness.js';
import { sersicSupportRadius } from '../../../packages/sim/src/render-lensed.js';
import { sersicSurfaceBrightness } from '../../../packages/sim/src/sersic-profile.js';
import { padGrid, pixelGrid } from '../../../packages/sim/src/pixel-grid.js';
const grid = padGrid(pixelGrid(64, 64, 0.263), 7);
for (const shape of [{ x: 1.3, y: 0.7, re: 0.3, n: 1.5, q: 0.6, angle: 30 }, { x: 0.03, y: 0.01, re: 1, n: 4, q: 0.8, angle: 30 }, { x: 0.03, y: 0.01, re: 2, n: 1, q: 0.6, angle: 30 }]) {
  let n = 0;
  const base = sersicSurfaceBrightness({ ...shape, flux: 1 });
  const sb = (x: number, y: number) => { n++; return base(x, y); };
  const support = { x: shape.x, y: shape.y, radius: sersicSupportRadius(shape), scale: 0 };
  const img = renderSurfaceBrightness(sb, grid, { cusps: [shape], support, tolerance: 1e-2, maxDepth: 2 });
  const n1 = n; n = 0;
  renderSurfaceBrightness(sb, grid, { cusps: [], support, tolerance: 1e-2, maxDepth: 2 });
  const n2 = n; n = 0;
  renderSurfaceBrightness(sb, grid, { supersample: 1, support });
  console.log(JSON.stringify(shape), 'support', support.radius.toFixed(2), 'with cusp', n1, 'no cusp', n2, 'base', n, 'sum', img.reduce((a, b) => a + b, 0));
}

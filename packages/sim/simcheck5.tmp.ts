import { sersicSurfaceBrightness, renderSurfaceBrightness, pixelGrid } from './src/index.ts';
for (const tol of [1e-3, 3e-3, 1e-2, 3e-2]) {
  const rows: string[] = [];
  for (const n of [0.5, 1, 2, 4, 6]) for (const re of [0.2, 1, 3]) for (const off of [0, 0.13]) {
    const f0 = sersicSurfaceBrightness({ x: off, y: off * 0.5, re, n, q: 0.7, angle: 30, flux: 1 });
    let cnt = 0; const f = (x: number, y: number) => { cnt++; return f0(x, y); };
    const grid = pixelGrid(n >= 4 && re >= 3 ? 2048 : 512, n >= 4 && re >= 3 ? 2048 : 512, 0.263);
    const img = renderSurfaceBrightness(f, grid, { tolerance: tol, cusps: [{ x: off, y: off * 0.5 }] });
    let s = 0; for (const v of img) s += v;
    rows.push(`n${n} re${re} o${off}: ${((s - 1) * 100).toFixed(3)}% ${(cnt / img.length).toFixed(2)}`);
  }
  console.log(tol, rows.join(' | '));
}

/**
 * Node only: writes a simulated lens set to disk as one FITS file per cutout and band
 * (`<out>/<band>/<id>.fits`, float32, sky-subtracted counts) plus `<out>/catalog.csv`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProgressCallback } from '@kenobi/core';
import { writeFits } from '@kenobi/fits';
import type { CatalogRow } from './catalog-csv.js';
import { catalogCsv } from './catalog-csv.js';
import { observation as defaultObservation } from './observation.js';
import type { SimulateLensesOptions } from './simulate-lenses.js';
import { simulateLensCutouts } from './simulate-lenses.js';

/**
 * What {@link writeLensDataset} wrote.
 *
 * @example
 * ```ts
 * const { catalogPath, lenses } = await writeLensDataset('sim', 100);
 * ```
 */
export interface LensDatasetSummary {
  readonly directory: string;
  readonly catalogPath: string;
  readonly count: number;
  readonly lenses: number;
  readonly files: number;
  /** Wall-clock seconds spent. */
  readonly seconds: number;
}

/**
 * Simulates `n` cutouts and writes them with their catalog.
 *
 * @example
 * ```ts
 * import { writeLensDataset } from '@kenobi/sim/node';
 * const summary = await writeLensDataset('out/sim', 1000, { size: 64, seed: 1 });
 * summary.catalogPath; // 'out/sim/catalog.csv'
 * ```
 */
export async function writeLensDataset(directory: string, n: number, options: SimulateLensesOptions = {}, onProgress?: ProgressCallback): Promise<LensDatasetSummary> {
  const started = Date.now();
  const obs = options.observation ?? defaultObservation();
  for (const band of obs.bands) await mkdir(join(directory, band), { recursive: true });
  const digits = Math.max(6, String(Math.max(0, n - 1)).length);
  const rows: CatalogRow[] = [];
  let lenses = 0;
  let files = 0;
  for (const c of simulateLensCutouts(n, { ...options, observation: obs }, onProgress)) {
    const id = `sim${String(c.index).padStart(digits, '0')}`;
    const paths: Partial<Record<string, string>> = {};
    const plane = c.size * c.size;
    for (let b = 0; b < c.bands.length; b++) {
      const band = c.bands[b]!;
      const bytes = writeFits([{
        data: c.data.subarray(b * plane, (b + 1) * plane),
        shape: [c.size, c.size],
        type: 'float32',
        header: [
          { keyword: 'OBJECT', value: id },
          { keyword: 'FILTER', value: band, comment: 'band' },
          { keyword: 'BUNIT', value: 'counts', comment: 'sky-subtracted counts per pixel' },
          { keyword: 'PIXSCALE', value: obs.pixelScale, comment: 'arcsec per pixel' },
          { keyword: 'MAGZP', value: obs.zeroPoint, comment: 'AB mag of 1 count' },
          { keyword: 'SEEING', value: obs.psf[band].fwhm, comment: `PSF FWHM arcsec (${obs.psf[band].kind})` },
          { keyword: 'LENS', value: c.label === 'lens', comment: 'strong lens?' },
          { keyword: 'THETA_E', value: c.thetaE, comment: 'Einstein radius arcsec (0: no lens)' },
          { keyword: 'SIMSEED', value: options.seed ?? 0, comment: 'kenobi sim seed' },
          { keyword: 'SIMINDEX', value: c.index, comment: 'index in the simulated set' },
        ],
      }]);
      const relative = `${band}/${id}.fits`;
      await writeFile(join(directory, relative), bytes);
      paths[band] = relative;
      files++;
    }
    if (c.label === 'lens') lenses++;
    const { data: _data, ...truth } = c;
    rows.push({ ...truth, id, paths });
  }
  const catalogPath = join(directory, 'catalog.csv');
  await writeFile(catalogPath, catalogCsv(rows, obs.bands));
  return { directory, catalogPath, count: n, lenses, files, seconds: (Date.now() - started) / 1000 };
}

/**
 * The catalog of a simulated set as CSV (RFC 4180 through Kenobi's one CSV writer, `csvText` of
 * `@kenobi/features`; header row, '.' decimals, empty for "not applicable"): id, label, is_lens, kind,
 * theta_e_arcsec, magnification, companions, then per band source_mag_<b>, lens_mag_<b> and path_<b> (the
 * FITS file of that band, relative to the catalog).
 */
import { csvText, type CsvCell } from '@kenobi/features';
import type { Band } from './photometry.js';
import type { SimulatedCutout } from './simulate-lenses.js';

/**
 * One catalog row: a cutout's truth plus the file of each band.
 *
 * @example
 * ```ts
 * const row: CatalogRow = { ...truth, id: 'sim000001', paths: { g: 'g/sim000001.fits' } };
 * ```
 */
export type CatalogRow = Omit<SimulatedCutout, 'data'> & { readonly id: string; readonly paths: Readonly<Partial<Record<Band, string>>> };

/**
 * The catalog's CSV text for `bands`.
 *
 * @example
 * ```ts
 * catalogCsv(rows, ['g', 'r', 'i']);
 * // 'id,label,is_lens,kind,theta_e_arcsec,…\nsim000000,lens,1,lens,1.4321,…\n'
 * ```
 */
export function catalogCsv(rows: readonly CatalogRow[], bands: readonly Band[]): string {
  const header = ['id', 'label', 'is_lens', 'kind', 'theta_e_arcsec', 'magnification', 'companions'];
  for (const b of bands) header.push(`source_mag_${b}`);
  for (const b of bands) header.push(`lens_mag_${b}`);
  for (const b of bands) header.push(`path_${b}`);
  const cells = rows.map((r): CsvCell[] => [
    r.id, r.label, r.label === 'lens' ? 1 : 0, r.kind, num(r.thetaE, 4), num(r.magnification, 4), r.companions,
    ...bands.map((b) => num(r.sourceMagnitude[b], 4)), ...bands.map((b) => num(r.lensMagnitude[b], 4)), ...bands.map((b) => r.paths[b] ?? ''),
  ]);
  return csvText(header, cells);
}

/** NOTE: fixed decimals (not csvText's shortest round trip), so the catalog reads as the simulation's precision. */
function num(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '';
}

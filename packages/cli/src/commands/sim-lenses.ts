/**
 * `kenobi sim lenses`: writes a mock strong-lens / non-lens set (FITS per band + catalog.csv) with
 * `@kenobi/sim`.
 */
import { observation, parseBands } from '@kenobi/sim';
import { writeLensDataset } from '@kenobi/sim/node';
import type { Command } from '../command.js';
import { progressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';

function numberOption(name: string, value: unknown, fallback: number, check: (v: number) => boolean, what: string): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(v) || !check(v)) {
    throw new UsageError(`kenobi sim lenses: --${name} must be ${what}, got '${String(value)}'`);
  }
  return v;
}

/**
 * The `kenobi sim lenses` command.
 *
 * @example
 * ```ts
 * await runCli(['sim', 'lenses', '--n', '100', '--out', 'sim/'], commands, io);
 * ```
 */
export const simLensesCommand: Command = {
  words: ['sim', 'lenses'],
  summary: 'Simulate mock strong lenses and non-lenses: FITS per band plus catalog.csv',
  usage: 'kenobi sim lenses --out <dir> [--n 1000] [--size 64] [--bands g,r,i] [--seed 0] [--lens-fraction 0.5] [--pixel-scale 0.263] [--psf gaussian|moffat] [--json]',
  details: `
  --out            output folder: <out>/<band>/simNNNNNN.fits (float32, sky-subtracted counts) and <out>/catalog.csv
  --n              number of cutouts (default 1000)
  --size           cutout side in pixels (default 64)
  --bands          comma-separated bands from g,r,i (default g,r,i)
  --seed           integer seed; the same seed gives the same bytes (default 0)
  --lens-fraction  probability that a cutout is a lens (default 0.5)
  --pixel-scale    arcsec per pixel (default 0.263, DES)
  --psf            PSF shape: gaussian (default) or moffat (beta 3); FWHM 1.1/1.0/0.95" in g/r/i
  --json           print a JSON summary on stdout

Lenses are red ellipticals (SIE + external shear mass) lensing a blue Sersic source; non-lenses are
ellipticals and bulge + disc spirals, some with unlensed blue companions. The catalog has id, label,
is_lens, kind, theta_e_arcsec, magnification, companions, source_mag_<b>, lens_mag_<b> and path_<b>.

Example: kenobi sim lenses --n 1000 --size 64 --bands g,r,i --out sim/ --seed 42`,
  options: {
    out: { type: 'string', short: 'o' },
    n: { type: 'string' },
    size: { type: 'string' },
    bands: { type: 'string' },
    seed: { type: 'string' },
    'lens-fraction': { type: 'string' },
    'pixel-scale': { type: 'string' },
    psf: { type: 'string' },
    json: { type: 'boolean' },
  },
  run: async ({ values }, io) => {
    const out = values.out;
    if (typeof out !== 'string' || out === '') throw new UsageError('kenobi sim lenses: --out <dir> is required');
    const n = numberOption('n', values.n, 1000, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
    const size = numberOption('size', values.size, 64, (v) => Number.isInteger(v) && v >= 8 && v <= 1024, 'an integer from 8 to 1024');
    const seed = numberOption('seed', values.seed, 0, (v) => Number.isInteger(v) && v >= 0 && v <= 4294967295, 'an integer from 0 to 4294967295');
    const lensFraction = numberOption('lens-fraction', values['lens-fraction'], 0.5, (v) => v >= 0 && v <= 1, 'a number from 0 to 1');
    const pixelScale = numberOption('pixel-scale', values['pixel-scale'], 0.263, (v) => v > 0 && v <= 10, 'a number of arcsec per pixel (0 to 10]');
    const psfKind = values.psf ?? 'gaussian';
    if (psfKind !== 'gaussian' && psfKind !== 'moffat') throw new UsageError(`kenobi sim lenses: --psf must be gaussian or moffat, got '${String(psfKind)}'`);
    const bands = parseBands(typeof values.bands === 'string' ? values.bands : 'g,r,i');
    const base = observation();
    const psf = { g: { ...base.psf.g, kind: psfKind }, r: { ...base.psf.r, kind: psfKind }, i: { ...base.psf.i, kind: psfKind } } as const;
    const obs = observation({ bands, pixelScale, psf });
    const bar = progressBar(io.stderr);
    const summary = await writeLensDataset(out, n, { size, seed, lensFraction, observation: obs }, bar);
    bar.finish();
    const rate = summary.seconds > 0 ? n / summary.seconds : Infinity;
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ ...summary, bands, size, seed, lensFraction, pixelScale, psf: psfKind, cutoutsPerSecond: rate }, null, 2)}\n`);
    } else {
      io.stdout.write(`${summary.count} cutouts (${summary.lenses} lenses) × ${bands.join(',')} → ${summary.directory} (${summary.files} FITS, catalog ${summary.catalogPath}), ${rate.toFixed(0)} cutouts/s\n`);
    }
    return 0;
  },
};

/**
 * `kenobi fits png <file> [--hdu] [--plane] [--interval] [--stretch] [--origin] -o out.png [--json]`: shows
 * one FITS image plane as an 8-bit PNG through an astropy-style interval and stretch.
 */
import { writeFile } from 'node:fs/promises';
import { toContiguous } from '@kenobi/fits';
import { readFitsFile } from '@kenobi/fits/node';
import { dihedral, encodePng, parseInterval, parseStretch, normaliseToInterval, toUint8 } from '@kenobi/imaging';
import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';

/**
 * Reads `--hdu`: an index (`1`) or an EXTNAME (`SCI`), case-insensitive.
 *
 * @example
 * ```ts
 * parseHduOption('2');   // 2
 * parseHduOption('SCI'); // 'SCI'
 * ```
 */
export function parseHduOption(text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined;
  return /^\d+$/.test(text) ? Number(text) : text;
}

/**
 * The `fits png` command.
 *
 * @example
 * ```sh
 * kenobi fits png ../shared/data/fits/astropy_data/HorseHead.fits --interval zscale --stretch asinh -o horsehead.png
 * ```
 */
export const fitsPngCommand: Command = {
  words: ['fits', 'png'],
  summary: 'Write one FITS image plane as a PNG through an interval and a stretch (astropy semantics)',
  usage: 'kenobi fits png <file> [--hdu N|EXTNAME] [--plane K] [--interval zscale|minmax|percentile:99.5] [--stretch linear|sqrt|log|asinh|sinh|power:2] [--origin lower|upper] -o out.png [--json]',
  details: `
Reads an image HDU (default: the first with data), picks a plane of a cube, maps values to [0, 1] with the
interval (limits from the finite pixels; NaN/BLANK pixels become black), applies the stretch, and writes an
8-bit greyscale PNG. The numbers are astropy.visualization's (ZScaleInterval, PercentileInterval,
AsinhStretch(a=0.1), LogStretch(a=1000), ...).

  --hdu       HDU index (0 = primary) or EXTNAME
  --plane     plane index for cubes (flat index over the axes beyond NAXIS2; default 0)
  --interval  zscale (default), minmax, percentile:99.5, percentile:1,99, manual:VMIN,VMAX
  --stretch   linear (default), sqrt, power:A, log[:A], asinh[:A], sinh[:A]
  --origin    lower (default: FITS row 1 at the bottom, as ds9 and astropy's imshow(origin='lower')) or upper
  -o, --out   the PNG to write
  --json      print what was done as JSON

Example: kenobi fits png m13.fits --interval percentile:99.5 --stretch asinh -o m13.png`,
  options: {
    hdu: { type: 'string' },
    plane: { type: 'string' },
    interval: { type: 'string' },
    stretch: { type: 'string' },
    origin: { type: 'string' },
    out: { type: 'string', short: 'o' },
    json: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run({ values, positionals }, io) {
    const file = positionals[0]!;
    const out = values.out;
    if (typeof out !== 'string') throw new UsageError('kenobi fits png: -o out.png is required');
    const plane = values.plane === undefined ? undefined : Number(values.plane);
    if (plane !== undefined && !(Number.isInteger(plane) && plane >= 0)) throw new UsageError(`--plane must be a non-negative integer, got '${String(values.plane)}'`);
    const origin = (values.origin as string | undefined) ?? 'lower';
    if (origin !== 'lower' && origin !== 'upper') throw new UsageError(`--origin must be lower or upper, got '${origin}'`);
    const interval = parseInterval((values.interval as string | undefined) ?? 'zscale');
    const stretch = parseStretch((values.stretch as string | undefined) ?? 'linear');

    const fits = await readFitsFile(file);
    const image = fits.readImage(parseHduOption(values.hdu as string | undefined), plane === undefined ? {} : { plane });
    const shape = image.data.shape;
    if (shape.length < 2) throw new UsageError(`HDU ${image.hdu.index} has shape [${shape.join(', ')}]: not a 2-D image`);
    if (shape.length > 2) throw new UsageError(`HDU ${image.hdu.index} is a cube of shape [${shape.join(', ')}]: choose a plane with --plane`);
    const [height, width] = shape as [number, number];
    const raw = toContiguous(image.data);
    const values64 = raw instanceof BigInt64Array || raw instanceof BigUint64Array ? Float64Array.from(raw, Number) : (raw as ArrayLike<number>);
    const limits = interval.limits(values64);
    const stretched = stretch.apply(normaliseToInterval(values64, limits, { out: new Float64Array(values64.length) }));
    let png = toUint8({ width, height, channels: 1, data: stretched });
    if (origin === 'lower') png = dihedral(png, 'flipV');
    await writeFile(out, encodePng(png));
    const report = { file, out, hdu: image.hdu.index, plane: plane ?? null, width, height, interval: interval.kind, limits, stretch: stretch.kind, origin, blankCount: image.blankCount };
    io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${out}: ${width}x${height} from HDU ${report.hdu}, ${interval.kind} [${limits[0]}, ${limits[1]}], ${stretch.kind}\n`);
    return 0;
  },
};

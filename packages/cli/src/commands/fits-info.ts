/**
 * `kenobi fits info <file> [--json]`: lists the HDUs of a FITS file (plain, .gz, .bz2 or .Z) with kind,
 * EXTNAME/EXTVER, shape, stored and decoded types, and the key cards.
 */
import { dtypeOfBitpix, unsignedConvention } from '@kenobi/fits';
import type { FitsHdu, FitsValue } from '@kenobi/fits';
import { readFitsFile } from '@kenobi/fits/node';
import type { Command } from '../command.js';

/** Cards worth showing for every HDU, when present. */
const KEY_CARDS = Object.freeze([
  'OBJECT', 'TELESCOP', 'INSTRUME', 'FILTER', 'DATE-OBS', 'EXPTIME', 'BUNIT', 'BSCALE', 'BZERO', 'BLANK',
  'ZCMPTYPE', 'ZQUANTIZ', 'CTYPE1', 'CTYPE2',
] as const);

/** One HDU as `fits info` reports it. */
export interface FitsInfoHdu {
  readonly index: number;
  readonly kind: string;
  readonly extname: string | null;
  readonly extver: number;
  /** C/numpy order, as astropy shows `.data.shape`. */
  readonly shape: readonly number[];
  readonly bitpix: number;
  /** The type the pixels decode to (before BLANK handling), or null for tables. */
  readonly dtype: string | null;
  readonly cards: number;
  readonly truncated: boolean;
  readonly keys: Record<string, FitsValue>;
}

/**
 * Summarises one HDU for display.
 *
 * @example
 * ```ts
 * describeHdu(fits.hdus[0]).shape; // [512, 512]
 * ```
 */
export function describeHdu(h: FitsHdu): FitsInfoHdu {
  const keys: Record<string, FitsValue> = {};
  for (const k of KEY_CARDS) if (h.header.has(k)) keys[k] = h.header.get(k)!;
  const image = h.kind === 'primary' || h.kind === 'image' || h.kind === 'compimage';
  const bscale = h.header.number('BSCALE', 1)!;
  const bzero = h.header.number('BZERO', 0)!;
  let dtype: string | null = null;
  if (image && h.shape.length > 0) {
    const unsigned = h.bitpix > 0 ? unsignedConvention(h.bitpix, bscale, bzero) : undefined;
    const scaled = bscale !== 1 || bzero !== 0;
    dtype = unsigned ?? (scaled ? (Math.abs(h.bitpix) <= 16 || h.bitpix === -32 ? 'float32' : 'float64') : dtypeOfBitpix(h.bitpix));
  }
  return {
    index: h.index,
    kind: h.kind,
    extname: h.extname ?? null,
    extver: h.extver,
    shape: image ? h.shape : [],
    bitpix: h.bitpix,
    dtype,
    cards: h.header.cards.length,
    truncated: h.truncated,
    keys,
  };
}

function formatValue(v: FitsValue): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (v !== null && typeof v === 'object') return `(${v.re}, ${v.im})`;
  return String(v);
}

/**
 * The `fits info` command.
 *
 * @example
 * ```sh
 * kenobi fits info ../shared/data/fits/nomtam/m13_rice.fits
 * ```
 */
export const fitsInfoCommand: Command = {
  words: ['fits', 'info'],
  summary: 'List the HDUs of a FITS file: kind, name, shape, types and key cards',
  usage: 'kenobi fits info <file> [--json]',
  details: `
Reads only the headers (data are not decoded), so it is fast on large files. Shapes are in numpy order
([NAXISn, ..., NAXIS1]) as astropy prints them; "dtype" is what the pixels decode to (BSCALE/BZERO and
the unsigned BZERO convention applied). Gzip, bzip2 and .Z containers are opened transparently.

  --json  print the HDU list as JSON

Example: kenobi fits info m13.fits.gz --json`,
  options: { json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals }, io) {
    const path = positionals[0]!;
    const fits = await readFitsFile(path);
    const hdus = fits.hdus.map(describeHdu);
    if (values.json) {
      const replacer = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);
      io.stdout.write(`${JSON.stringify({ file: path, container: fits.container, hdus }, replacer, 2)}\n`);
      return 0;
    }
    io.stdout.write(`${path}${fits.container === 'none' ? '' : ` (${fits.container})`}: ${hdus.length} HDU${hdus.length === 1 ? '' : 's'}\n`);
    io.stdout.write('No.  Kind        Name              Ver  Shape              BITPIX  Dtype    Cards\n');
    for (const h of hdus) {
      const shape = h.shape.length > 0 ? `[${h.shape.join(', ')}]` : '-';
      io.stdout.write(
        `${String(h.index).padEnd(4)} ${h.kind.padEnd(11)} ${(h.extname ?? (h.index === 0 ? 'PRIMARY' : '-')).padEnd(17)} ` +
          `${String(h.extver).padEnd(4)} ${shape.padEnd(18)} ${String(h.bitpix).padEnd(7)} ${(h.dtype ?? '-').padEnd(8)} ${h.cards}` +
          `${h.truncated ? '  TRUNCATED' : ''}\n`,
      );
      const keys = Object.entries(h.keys);
      if (keys.length > 0) io.stdout.write(`     ${keys.map(([k, v]) => `${k}=${formatValue(v)}`).join('  ')}\n`);
    }
    return 0;
  },
};

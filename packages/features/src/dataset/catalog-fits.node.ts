/**
 * Node-only. A FITS binary or ASCII table as a {@link CatalogTable}: scalar numeric columns are numbers
 * (TSCAL/TZERO applied, TNULL and NaN missing, 64-bit integers exact as ids), strings and logicals are text,
 * vector cells, bit and variable-length columns are not usable as catalog columns.
 */
import { isKenobiError } from '@kenobi/core';
import { FitsError, readFitsFile } from '@kenobi/fits/node';
import type { FitsColumnInfo, FitsFile, FitsTable, FitsTableColumn, HduSelector } from '@kenobi/fits/node';
import type { CatalogColumn, CatalogTable } from './catalog-table.js';
import { findCatalogColumn } from './catalog-table.js';

/** The shortest decimal that reads back as the same float32. */
function float32Text(v: number): string {
  for (let p = 1; p <= 9; p += 1) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

/** A FitsError of `e` with the file named in front, so the message says which file, HDU and column. */
function named(e: unknown, file: string): unknown {
  return isKenobiError(e, 'fits/') ? new FitsError((e as FitsError).code, `${file}: ${(e as Error).message}`, { cause: e }) : e;
}

function usable(info: FitsColumnInfo): { kind: CatalogColumn['kind']; why?: string } {
  if (info.format.table === 'ascii') return { kind: info.format.ascii.type === 'A' ? 'text' : 'number' };
  const f = info.format.binary;
  if (f.type === 'P' || f.type === 'Q') return { kind: 'other', why: `variable-length arrays (TFORM '${info.tform}')` };
  if (f.type === 'C' || f.type === 'M') return { kind: 'other', why: `complex numbers (TFORM '${info.tform}')` };
  if (f.type === 'X') return { kind: 'other', why: `bits (TFORM '${info.tform}')` };
  if (info.cellShape.length > 0) return { kind: 'other', why: `${info.cellShape.join('×')}-element cells (TFORM '${info.tform}'), not one value per row` };
  if (f.repeat === 0) return { kind: 'other', why: `no values (TFORM '${info.tform}')` };
  return { kind: f.type === 'A' || f.type === 'L' ? 'text' : 'number' };
}

function catalogColumn(table: FitsTable, info: FitsColumnInfo, file: string): CatalogColumn {
  const { kind, why } = usable(info);
  let decoded: FitsTableColumn | undefined;
  const data = (): FitsTableColumn => {
    try {
      return (decoded ??= table.column(info.number));
    } catch (e) {
      throw named(e, file);
    }
  };
  return {
    name: info.name, kind, ...(why ? { why } : {}),
    text(i) {
      if (kind === 'other') return '';
      const c = data();
      if (c.missing?.[i]) return '';
      const v = (c.data as ArrayLike<unknown>)[i];
      if (c.kind === 'logical') return v === 1 ? 'true' : 'false';
      if (typeof v === 'number') return Number.isNaN(v) ? '' : c.dtype === 'float32' ? float32Text(v) : String(v);
      return String(v);
    },
    number(i) {
      if (kind !== 'number') return Number.NaN;
      const c = data();
      if (c.missing?.[i]) return Number.NaN;
      return Number((c.data as ArrayLike<number | bigint>)[i]);
    },
  };
}

/** The HDU to read: the one selected, or the first table. */
function tableOf(fits: FitsFile, hdu: HduSelector | undefined): FitsTable {
  return fits.readTable(hdu);
}

/**
 * Reads a table HDU of a FITS file (plain, .gz, .bz2 or .Z) as a catalog; `hdu` selects it by index or
 * EXTNAME (default: the first table). Errors are the FITS reader's typed ones, naming the file.
 *
 * @example
 * ```ts
 * const t = await readFitsCatalogTable('sources.fits', 'SOURCES');
 * t.source; // '/…/sources.fits[SOURCES]'
 * ```
 */
export async function readFitsCatalogTable(file: string, hdu?: HduSelector): Promise<CatalogTable> {
  let table: FitsTable;
  try {
    table = tableOf(await readFitsFile(file), hdu);
  } catch (e) {
    throw named(e, file);
  }
  const label = table.hdu.extname ?? String(table.hdu.index);
  const names = table.names();
  const columns = new Map(table.columns.map((info) => [info.name, catalogColumn(table, info, `${file}[${label}]`)]));
  return {
    source: `${file}[${label}]`, file, format: 'fits', rows: table.rows, names,
    column: (name) => {
      const found = findCatalogColumn(names, name);
      return found === undefined ? undefined : columns.get(found);
    },
    rowNumber: (i) => i + 1,
    rowWord: 'row',
  };
}

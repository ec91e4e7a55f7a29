/**
 * Every table HDU of the shared FITS corpus (../shared/data/fits) against astropy's `Table.read`
 * (fixtures/corpus-tables.astropy.json, made by scripts/fixtures/fits/make_table_fixtures.py): the first
 * values verbatim, then the count and sum of the finite values, or a hash of the text.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { openFits } from '../index.js';
import type { FitsFile, FitsTableColumn } from '../index.js';
import { nodeDecoders } from '../node.js';
import { sharedDataPath, sharedRequired } from '../test-support/shared-data.js';

interface CorpusColumn {
  name: string; dtype: string; shape: number[]; masked: number; complex?: boolean;
  values?: unknown[]; first?: unknown[]; firstMask?: boolean[]; finiteCount?: number; sum?: number; sha256?: string; trueCount?: number;
}
interface CorpusTable { hdu: number; rows?: number; astropyError?: string; columns?: CorpusColumn[] }
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/corpus-tables.astropy.json', import.meta.url), 'utf8')) as { files: { file: string; tables: CorpusTable[] }[] };

function flat(col: FitsTableColumn): unknown[] {
  if (col.kind === 'array') return (col.data as readonly (ArrayLike<number | bigint> | string)[]).map((c) => (typeof c === 'string' ? [...c] : Array.from(c, (v) => (typeof v === 'bigint' ? v.toString() : Number.isNaN(v) ? null : v))));
  return Array.from(col.data as ArrayLike<unknown>, (v) => {
    if (col.kind === 'logical' || col.kind === 'bits') return v === 1;
    if (typeof v === 'bigint') return v.toString();
    return typeof v === 'number' && Number.isNaN(v) ? null : v;
  });
}

describe('FITS tables of the shared corpus equal astropy Table.read', () => {
  const cache = new Map<string, FitsFile>();
  const open = (rel: string): FitsFile => {
    let f = cache.get(rel);
    if (!f) cache.set(rel, (f = openFits(new Uint8Array(readFileSync(sharedDataPath('data', rel))), { decoders: nodeDecoders })));
    return f;
  };
  after(() => cache.clear());
  for (const entry of fixture.files) {
    for (const t of entry.tables) {
      it(`${entry.file} HDU ${t.hdu}${t.astropyError ? ' (astropy cannot read it; Kenobi reads every column)' : ''}`, function () {
        const path = sharedDataPath('data', entry.file);
        if (!existsSync(path)) {
          if (sharedRequired) throw new Error(`KENOBI_REQUIRE_MODELS=1 but ${path} is missing`);
          this.skip();
        }
        const table = open(entry.file).readTable(t.hdu);
        if (t.astropyError) {
          // NOTE: testprog.std HDU 4 has a TDIM that does not match its repeat count; astropy fails to
          // broadcast it, Kenobi reads such a cell as a flat vector.
          for (const c of table.columns) if (!/^[CM]$/.test(c.format.table === 'binary' ? c.format.binary.type : '')) expect(() => table.column(c.name), c.name).not.to.throw();
          return;
        }
        expect(table.rows).to.equal(t.rows);
        for (const c of t.columns!) {
          const f = table.info(c.name)?.format;
          const complexCells = f?.table === 'binary' && /[CM]/.test(f.binary.type + (f.binary.elementType ?? ''));
          if (c.complex || complexCells) {
            expect(() => table.column(c.name)).to.throw(/complex numbers/).with.property('code', 'fits/unsupported');
            continue;
          }
          const col = table.column(c.name);
          const info = col.info;
          const values = flat(col);
          if (c.dtype !== 'object') expect(col.shape, `${c.name} shape`).to.deep.equal(c.shape);
          const masked = col.missing ? col.missing.reduce((a, b) => a + b, 0) : 0;
          // NOTE: where Kenobi follows the FITS standard and astropy 5.2 does not: an empty or blank string is
          // missing in Kenobi (astropy masks it only in binary tables, not in ASCII ones), and TNULL marks a
          // scaled integer column missing in Kenobi (astropy 5.2 masks only unscaled ones). Trailing blanks of
          // strings are removed by Kenobi (and CFITSIO), kept by astropy. An ASCII-table TNULL field is missing in
          // Kenobi, 0 in astropy; a null logical (byte 0) missing in Kenobi, False in astropy.
          const asciiNull = info.nullValue !== undefined && info.format.table === 'ascii' && col.kind === 'number';
          const scaledNull = asciiNull || (info.nullValue !== undefined && (info.scale !== 1 || info.zero !== 0));
          if (col.kind === 'number' && !scaledNull) expect(masked, `${c.name} missing`).to.equal(c.masked);
          if (scaledNull) expect(masked, `${c.name} missing`).to.be.at.least(c.masked);
          const norm = (v: unknown): unknown => (typeof v === 'string' ? v.trimEnd() : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.join('') : v);
          const verbatim = c.values ?? c.first!;
          const lists = c.dtype === 'object';
          verbatim.forEach((v, i) => {
            if (!lists && (c.firstMask?.[i] ?? false)) {
              expect(col.missing?.[i], `${c.name}[${i}] missing`).to.equal(1);
              return;
            }
            if (col.missing?.[i]) {
              const standardOnly = (typeof v === 'string' && (v.trim() === '' || v.trim() === String(info.nullValue).trim())) ||
                (scaledNull && !asciiNull && v === Number(info.nullValue) * info.scale + info.zero) || (asciiNull && Number(v) === 0) || (col.kind === 'logical' && v === false);
              expect(standardOnly, `${c.name}[${i}] is missing in Kenobi, ${JSON.stringify(v)} in astropy`).to.equal(true);
              return;
            }
            let got = values[i];
            // NOTE: variable-length logicals: astropy gives the raw bytes ('T' = 84, 'F' = 70, 0), Kenobi 0/1.
            if (lists && col.dtype === 'bool') got = (got as number[]).map((b, k) => ((v as number[])[k] === 0 ? 0 : b ? 84 : 70));
            // ASCII integers wider than 9 digits: astropy int64 (a string in the JSON), Kenobi float64
            if (typeof got === 'number' && typeof v === 'string' && /^-?\d+$/.test(v)) v = Number(v);
            expect(norm(got), `${c.name}[${i}]`).to.deep.equal(norm(v));
          });
          if (c.sha256 !== undefined) expect(createHash('sha256').update((values as string[]).join('\n')).digest('hex'), `${c.name} text`).to.equal(c.sha256);
          if (c.trueCount !== undefined) expect(values.filter((v) => v === true).length, `${c.name} true`).to.equal(c.trueCount);
          if (c.sum !== undefined) {
            let n = 0, s = 0;
            values.forEach((v, i) => {
              // astropy keeps a scaled TNULL as its scaled value, so it counts in astropy's sum
              if (col.missing?.[i] && scaledNull) { n += 1; s += asciiNull ? 0 : Number(info.nullValue) * info.scale + info.zero; }
              else if (typeof v === 'number' && Number.isFinite(v)) { n += 1; s += v; }
              else if (typeof v === 'string' && /^-?\d+$/.test(v)) { n += 1; s += Number(v); }
            });
            expect(n, `${c.name} finite count`).to.equal(c.finiteCount);
            expect(s, `${c.name} sum`).to.be.closeTo(c.sum, 1e-9 * Math.max(1, Math.abs(c.sum)));
          }
        }
      });
    }
  }
});

/**
 * FITS conformance: every image HDU of every file in ../shared/data/fits/index.json decodes to the expected
 * array (astropy's, under the 'astropy' BLANK policy; the FITS-standard one, `strict` where the index has it,
 * under the default policy), and every invalid file raises its typed error. Adding a file to the index adds
 * its cases.
 */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readNpy } from '@kenobi/core';
import type { NpyArray } from '@kenobi/core';
import { sharedDataPath as sharedPath, sharedRequired as modelsRequired } from './test-support/shared-data.js';
import { isKenobiError } from '@kenobi/core';
import { openFits } from './index.js';
import type { FitsFile } from './index.js';
import { nodeDecoders } from './node.js';
import { firstMismatch } from './test-support/compare-arrays.js';

interface IndexArray { dtype: string; npy: string }
interface IndexHdu { index: number; kind: string; cards?: Record<string, unknown>; bitpix?: number; shape?: number[]; data?: IndexArray | null; raw?: IndexArray; strict?: IndexArray }
interface IndexFile { file: string; notes: string; expect_error?: boolean; n_hdus: number; hdus: IndexHdu[] }

const indexPath = sharedPath('data/fits/index.json');
const files: IndexFile[] = existsSync(indexPath) ? (JSON.parse(readFileSync(indexPath, 'utf8')) as { files: IndexFile[] }).files : [];

/** The typed error each kind of invalid file must raise, by the index's note. */
function expectedErrorCode(notes: string): string {
  if (/random-groups/i.test(notes)) return 'fits/invalid-header';
  if (/truncated/i.test(notes)) return 'fits/truncated';
  if (/not FITS|empty/i.test(notes)) return 'fits/not-fits';
  throw new Error(`no expected error code for invalid file note '${notes}'`);
}

const cache = new Map<string, FitsFile>();
function open(rel: string): FitsFile {
  let f = cache.get(rel);
  if (!f) {
    f = openFits(new Uint8Array(readFileSync(sharedPath('data', rel))), { decoders: nodeDecoders });
    cache.set(rel, f);
  }
  return f;
}
function npy(rel: string): NpyArray {
  return readNpy(new Uint8Array(gunzipSync(readFileSync(sharedPath('data', 'fits', rel)))));
}
/** BSCALE/BZERO-scaled float32 may differ by one ulp from astropy (numpy's float32 arithmetic order). */
function rtolFor(file: FitsFile, hdu: IndexHdu, expected: NpyArray): number {
  const h = file.hdus[hdu.index]!;
  return expected.dtype === 'float32' && (h.header.has('BSCALE') || h.header.has('BZERO')) ? 1e-6 : 0;
}

describe('FITS conformance (../shared/data/fits/index.json)', () => {
  if (files.length === 0) {
    it('needs ../shared/data/fits/index.json', function () {
      if (modelsRequired) throw new Error(`KENOBI_REQUIRE_MODELS=1 but ${indexPath} is missing`);
      this.skip();
    });
    return;
  }
  after(() => cache.clear());

  for (const entry of files) {
    describe(entry.file, () => {
      if (entry.expect_error) {
        const code = expectedErrorCode(entry.notes);
        it(`raises ${code} (${entry.notes})`, () => {
          let caught: unknown;
          try {
            const f = openFits(new Uint8Array(readFileSync(sharedPath('data', entry.file))), { decoders: nodeDecoders });
            for (const h of f.hdus) if (h.kind !== 'table' && h.kind !== 'bintable') f.readImage(h.index);
          } catch (e) {
            caught = e;
          }
          expect(isKenobiError(caught, code), `expected ${code}, got ${String(caught)}`).to.equal(true);
        });
        return;
      }
      it(`lists ${entry.n_hdus} HDUs of the expected kinds`, () => {
        const f = open(entry.file);
        const kinds = f.hdus.map((h) => h.kind);
        expect(kinds).to.deep.equal(entry.hdus.map((h) => h.kind));
        for (const h of entry.hdus) if (h.shape) expect(f.hdus[h.index]!.shape).to.deep.equal(h.shape);
      });
      for (const hdu of entry.hdus) {
        if (!hdu.data) continue;
        const data = hdu.data;
        it(`HDU ${hdu.index} equals astropy (blank: 'astropy', ${data.dtype})`, () => {
          const f = open(entry.file);
          const expected = npy(data.npy);
          const img = f.readImage(hdu.index, { blank: 'astropy' });
          expect(firstMismatch(img.data, expected, rtolFor(f, hdu, expected))).to.equal(undefined);
        });
        it(`HDU ${hdu.index} equals the FITS standard (default blank policy${hdu.strict ? ', strict array' : ''})`, () => {
          const f = open(entry.file);
          const expected = npy((hdu.strict ?? data).npy);
          const img = f.readImage(hdu.index);
          expect(firstMismatch(img.data, expected, rtolFor(f, hdu, expected))).to.equal(undefined);
        });
        if (hdu.raw && /int/.test(hdu.raw.dtype)) {
          const raw = hdu.raw;
          it(`HDU ${hdu.index} raw stored values (${raw.dtype})`, () => {
            const f = open(entry.file);
            expect(firstMismatch(f.readRaw(hdu.index), npy(raw.npy))).to.equal(undefined);
          });
        }
      }
    });
  }
});

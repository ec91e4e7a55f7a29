/**
 * FITS decode throughput, @kenobi/fits against astropy (on KENOBI_BENCH_PYTHON, default Debian's /usr/bin/python3
 * with python3-astropy 5.2; astropy >= 6 works too, and the version that ran is printed) on the same machine in the
 * same run: a float32 image, a BSCALE/BZERO-scaled int16 image, a RICE_1-compressed quantised float32
 * image and HCOMPRESS_1-compressed int16 and quantised float32 images, each 4096 × 4096 (override with FITS_BENCH_SIZE). Inputs are written by astropy into a temp dir.
 * Both sides decode from bytes already in memory; the result is a native-endian array in C order. The runs
 * are interleaved (astropy, Kenobi, astropy, Kenobi, ...) so that load from other processes hits both alike.
 *
 *   node --conditions=@kenobi/source --import tsx scripts/bench/fits/run.ts
 *
 * FITS_BENCH_REPEATS (default 7) sets the number of timed run pairs; FITS_BENCH_SRC another copy of
 * `packages/fits/src/index.ts` to time instead of this checkout's (a before/after comparison).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { benchPython, loadText, machineLine, peerLabel, peerVersions, versionsText } from '../peer-env.js';
import * as fitsModule from '../../../packages/fits/src/index.js';

// FITS_BENCH_SRC: another copy of packages/fits/src/index.ts to measure (e.g. an older commit's, for before/after).
const { openFits } = (process.env.FITS_BENCH_SRC ? await import(process.env.FITS_BENCH_SRC) : fitsModule) as typeof fitsModule;

const PY = benchPython;
const versions = peerVersions(['astropy', 'numpy']);
const here = new URL('.', import.meta.url).pathname;
const size = Number(process.env.FITS_BENCH_SIZE ?? 4096);
const repeats = Number(process.env.FITS_BENCH_REPEATS ?? 7);
const cases = [
  { name: `float32 ${size}×${size}`, file: 'float32.fits', hdu: 0 },
  { name: `int16 BSCALE/BZERO ${size}×${size} → float32`, file: 'int16-scaled.fits', hdu: 0 },
  { name: `RICE_1 quantised float32 ${size}×${size} (SUBTRACTIVE_DITHER_1)`, file: 'rice-float32.fits', hdu: 1 },
  { name: `HCOMPRESS_1 int16 ${size}×${size} (64-row tiles)`, file: 'hcompress-int16.fits', hdu: 1 },
  { name: `HCOMPRESS_1 quantised float32 ${size}×${size} (64-row tiles)`, file: 'hcompress-float32.fits', hdu: 1 },
];

interface AstropyRun { as_returned_s: number; native_s: number; checksum: number }

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function nanSum(d: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < d.length; i += 1) if (!Number.isNaN(d[i]!)) s += d[i]!;
  return s;
}

const dir = mkdtempSync(join(tmpdir(), 'kenobi-fits-bench-'));
let py: ReturnType<typeof spawn> | undefined;
try {
  execFileSync(PY, [join(here, 'make_inputs.py'), dir, String(size)], { stdio: 'inherit' });
  py = spawn(PY, [join(here, 'astropy_decode.py'), ...cases.map((c) => `${join(dir, c.file)}:${c.hdu}`)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: py.stdout! })[Symbol.asyncIterator]();
  const astropyRun = async (i: number): Promise<AstropyRun> => {
    py!.stdin!.write(`${i}\n`);
    const next = await lines.next();
    if (next.done) throw new Error('astropy_decode.py ended early');
    return JSON.parse(next.value) as AstropyRun;
  };
  const rows: string[] = [];
  const loads: string[] = [];
  for (const [i, c] of cases.entries()) {
    loads.push(`load ${loadText()} before ${c.file}`);
    const bytes = new Uint8Array(readFileSync(join(dir, c.file)));
    const kenobi: number[] = [];
    const astropy: AstropyRun[] = [];
    let checksum = 0;
    let outBytes = size * size * 4;
    // One warm-up run each (JIT, imports), then alternate.
    for (let r = 0; r < repeats + 1; r += 1) {
      const a = await astropyRun(i);
      const t0 = performance.now();
      const img = openFits(bytes).readImage(c.hdu);
      const t = (performance.now() - t0) / 1000;
      if (r === 0) {
        checksum = nanSum(img.data.data as ArrayLike<number>);
        outBytes = img.data.data.byteLength;
      }
      else {
        kenobi.push(t);
        astropy.push(a);
      }
    }
    const k = median(kenobi);
    const native = median(astropy.map((a) => a.native_s));
    const returned = median(astropy.map((a) => a.as_returned_s));
    const ratios = kenobi.map((t, r) => astropy[r]!.native_s / t);
    const aSum = astropy[0]!.checksum;
    const mb = outBytes / 1e6; // decoded output (float32; int16 for the HCOMPRESS int16 image)
    const agree = Math.abs(checksum - aSum) <= 1e-6 * Math.abs(aSum);
    rows.push(
      `| ${c.name} | ${(bytes.length / 1e6).toFixed(1)} | ${(mb / k).toFixed(0)} | ${(mb / native).toFixed(0)} | ${(mb / returned).toFixed(0)} | ${(native / k).toFixed(2)} | ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} | ${agree ? 'yes' : `NO (${checksum} vs ${aSum})`} |`,
    );
  }
  console.log(`FITS decode throughput, MB/s of decoded output (median of ${repeats} interleaved runs; Node ${process.version})`);
  console.log(`${machineLine(1)} (at the end; ${loads.join('; ')}); peer ${versionsText(versions)}\n`);
  const ap = peerLabel(versions, 'astropy');
  console.log(`| image | file MB | Kenobi MB/s | ${ap} MB/s (native) | ${ap} MB/s (as returned) | ratio Kenobi/astropy (native, medians) | ratio per run pair (min–max) | same sum |`);
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
} finally {
  py?.stdin!.end();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * FITS decode throughput, @kenobi/fits against astropy (Debian python3-astropy) on the same machine in the
 * same run: a float32 image, a BSCALE/BZERO-scaled int16 image and a RICE_1-compressed quantised float32
 * image, each 4096 × 4096 (override with FITS_BENCH_SIZE). Inputs are written by astropy into a temp dir.
 * Both sides decode from bytes already in memory; the result is a native-endian array in C order.
 *
 *   node --conditions=@kenobi/source --import tsx scripts/bench/fits/run.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFits } from '../../../packages/fits/src/index.js';

const PY = '/usr/bin/python3';
const here = new URL('.', import.meta.url).pathname;
const size = Number(process.env.FITS_BENCH_SIZE ?? 4096);
const repeats = Number(process.env.FITS_BENCH_REPEATS ?? 5);
const cases = [
  { name: `float32 ${size}×${size}`, file: 'float32.fits', hdu: 0 },
  { name: `int16 BSCALE/BZERO ${size}×${size} → float32`, file: 'int16-scaled.fits', hdu: 0 },
  { name: `RICE_1 quantised float32 ${size}×${size} (SUBTRACTIVE_DITHER_1)`, file: 'rice-float32.fits', hdu: 1 },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const dir = mkdtempSync(join(tmpdir(), 'kenobi-fits-bench-'));
try {
  execFileSync(PY, [join(here, 'make_inputs.py'), dir, String(size)], { stdio: 'inherit' });
  const astropy = JSON.parse(
    execFileSync(PY, [join(here, 'astropy_decode.py'), String(repeats), ...cases.map((c) => `${join(dir, c.file)}:${c.hdu}`)]).toString(),
  ) as Record<string, { as_returned_s: number; native_s: number; checksum: number }>;
  const rows: string[] = [];
  for (const c of cases) {
    const bytes = new Uint8Array(readFileSync(join(dir, c.file)));
    const times: number[] = [];
    let checksum = 0;
    for (let r = 0; r < repeats + 1; r += 1) {
      const t0 = performance.now();
      const img = openFits(bytes).readImage(c.hdu);
      const t = (performance.now() - t0) / 1000;
      if (r > 0) times.push(t); // the first run warms the JIT
      if (r === 0) {
        const d = img.data.data as Float32Array;
        checksum = 0;
        for (let i = 0; i < d.length; i += 1) if (!Number.isNaN(d[i]!)) checksum += d[i]!;
      }
    }
    const k = median(times);
    const a = astropy[`${join(dir, c.file)}:${c.hdu}`]!;
    const mb = (size * size * 4) / 1e6; // decoded float32 output
    const agree = Math.abs(checksum - a.checksum) <= 1e-6 * Math.abs(a.checksum);
    rows.push(
      `| ${c.name} | ${(bytes.length / 1e6).toFixed(1)} | ${(mb / k).toFixed(0)} | ${(mb / a.native_s).toFixed(0)} | ${(mb / a.as_returned_s).toFixed(0)} | ${(a.native_s / k).toFixed(2)} | ${agree ? 'yes' : `NO (${checksum} vs ${a.checksum})`} |`,
    );
  }
  console.log(`FITS decode throughput, MB/s of decoded float32 (median of ${repeats}; Node ${process.version})\n`);
  console.log('| image | file MB | Kenobi MB/s | astropy MB/s (native) | astropy MB/s (as returned) | ratio Kenobi/astropy (native) | same sum |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

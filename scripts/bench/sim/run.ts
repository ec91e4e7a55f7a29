/**
 * Benchmark of @kenobi/sim: 64×64×3 lens / non-lens cutouts per second on one core (this process is single-
 * threaded), for the default adaptive sampling and, as the peer in the same run, plain fixed 3×3
 * supersampling of every pixel (what the adaptive renderer replaces). Reports wall-clock and CPU-time rates
 * (CPU time is the fairer number on a shared machine).
 *
 * Run: node --conditions=@kenobi/source --import tsx scripts/bench/sim/run.ts [n=300]
 */
import { cpus, loadavg } from 'node:os';
import { simulateLensCutout } from '@kenobi/sim';
import type { SimulateLensesOptions } from '@kenobi/sim';

const n = Number(process.argv[2] ?? 300);

function measure(name: string, options: SimulateLensesOptions): { name: string; wall: number; cpu: number } {
  for (let i = 0; i < 20; i++) simulateLensCutout(10_000 + i, options); // warm-up
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) simulateLensCutout(i, options);
  const c = process.cpuUsage(c0);
  const wall = (performance.now() - t0) / 1000;
  return { name, wall: n / wall, cpu: n / ((c.user + c.system) / 1e6) };
}

const base: SimulateLensesOptions = { size: 64, seed: 1, lensFraction: 0.5 };
const rows = [
  measure('kenobi adaptive (default)', base),
  measure('fixed 3×3 supersampling (peer)', { ...base, render: { sampling: { supersample: 3 }, lensedSampling: { tolerance: 0, maxDepth: 1 } } }),
];
console.log(`${n} cutouts of 64×64×3 (g,r,i), lens fraction 0.5, Node ${process.version}, ${cpus()[0]?.model ?? '?'}, load average ${loadavg()[0]!.toFixed(1)}`);
console.log('| renderer | cutouts/s (wall) | cutouts/s (CPU time) |');
console.log('| --- | --: | --: |');
for (const r of rows) console.log(`| ${r.name} | ${r.wall.toFixed(0)} | ${r.cpu.toFixed(0)} |`);
console.log(`ratio adaptive / fixed 3×3 (CPU): ${(rows[0]!.cpu / rows[1]!.cpu).toFixed(2)}`);

import { simulateLensCutout } from '@kenobi/sim';
const n = Number(process.argv[2] ?? 200);
for (let i = 0; i < 20; i++) simulateLensCutout(10_000 + i, { size: 64, seed: 1, lensFraction: 0.5 });
const c0 = process.cpuUsage();
for (let i = 0; i < n; i++) simulateLensCutout(i, { size: 64, seed: 1, lensFraction: 0.5 });
const c = process.cpuUsage(c0);
console.log('cpu/s', (n / ((c.user + c.system) / 1e6)).toFixed(1));

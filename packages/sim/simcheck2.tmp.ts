import { simulateLensCutout } from './src/index.ts';
for (let i = 0; i < 20; i++) simulateLensCutout(i, { seed: 1 });
const kinds: Record<string, number[]> = {};
const c0 = process.cpuUsage(); const N = 200;
for (let i = 0; i < N; i++) { const s = process.cpuUsage(); const c = simulateLensCutout(i, { seed: 1 }); const d = process.cpuUsage(s); (kinds[c.kind] ??= []).push((d.user + d.system) / 1000); }
const d = process.cpuUsage(c0);
console.log('cutouts per cpu-s', (N / ((d.user + d.system) / 1e6)).toFixed(1));
for (const [k, v] of Object.entries(kinds)) console.log(k, v.length, (v.reduce((a, b) => a + b) / v.length).toFixed(2), 'ms', Math.max(...v).toFixed(1));

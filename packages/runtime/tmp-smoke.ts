import { readFileSync } from 'node:fs';
import { createSession, runBatched, describeDevices, formatDevicesReport, convCanary } from './src/index.js';
const bytes = readFileSync('/work/shared/models/mnist-8.onnx');
const s = await createSession(bytes, { device: 'auto' });
console.log(s.report());
await s.dispose();
try { await createSession(bytes, { device: 'cuda' }); } catch (e: any) { console.log(e.code, e.message); }
const c = convCanary();
const w = await createSession(c.model, { device: 'auto' });
console.log(w.report());
try { await createSession(c.model, { device: 'webgpu' }); } catch (e: any) { console.log(e.code, e.message); }
const wa = await createSession(bytes, { device: 'wasm' });
console.log(wa.report());
const x = new Float32Array(5*784).map((_, i) => Math.sin(i));
const r = await runBatched(wa, x, [5,1,28,28], { batchSize: 2 });
console.log(r.runs, r.batchSize, r.outputs[wa.outputNames[0]!]!.dims);
await wa.dispose(); await w.dispose();
console.log(formatDevicesReport(await describeDevices()));

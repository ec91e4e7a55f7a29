import { expect } from 'chai';
import { cli } from '../test-support/run-cli-capture.js';

describe('kenobi doctor', function () {
  this.timeout(120_000);

  it('--json lists every Node device with works/why, and the ORT versions', async () => {
    const { code, out } = await cli('doctor', '--json');
    expect(code).to.equal(0);
    const r = JSON.parse(out) as { autoReport: string; platform: string; versions: Record<string, string>; auto: string; devices: { device: string; works: boolean; reason?: string; hint?: string }[] };
    expect(r.platform).to.equal('node');
    expect(r.devices.map((d) => d.device)).to.deep.equal(['cpu', 'cuda', 'webgpu', 'wasm']);
    expect(r.versions['onnxruntime-node']).to.match(/^\d+\.\d+\.\d+$/);
    const cpu = r.devices.find((d) => d.device === 'cpu')!;
    expect(cpu.works).to.equal(true);
    for (const d of r.devices) if (!d.works) expect(d.reason, d.device).to.be.a('string').that.is.not.empty;
    const cuda = r.devices.find((d) => d.device === 'cuda')!;
    if (!cuda.works) expect(cuda.reason).to.include('libonnxruntime_providers_cuda.so');
    expect(r.devices.find((d) => d.device === r.auto)?.works, `auto picked ${r.auto}`).to.equal(true);
    expect(r.autoReport).to.match(new RegExp(`^device auto -> ${r.auto} `));
  });

  it('prints one block per device with why and fix for the ones that fail', async () => {
    const { code, out } = await cli('doctor');
    expect(code).to.equal(0);
    expect(out).to.match(/^cpu +works/m);
    expect(out).to.match(/^cuda +(works|no)/m);
    if (/^cuda +no/m.test(out)) expect(out).to.match(/why: runtime\/cuda-unavailable/).and.match(/fix: .*ONNXRUNTIME_NODE_INSTALL=cuda12/);
    expect(out).to.match(/^auto -> \w+/m);
  });

  it('has --help', async () => {
    const { code, out } = await cli('doctor', '--help');
    expect(code).to.equal(0);
    expect(out).to.include('kenobi doctor [--json]');
  });
});

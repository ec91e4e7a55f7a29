import { expect } from 'chai';
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const srcDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('@kenobi/autodiff in the browser (the canaries included)', function () {
  this.timeout(60_000);

  it('bundles for the browser with no ONNX Runtime package and no node: module (the caller passes its ORT module)', async () => {
    const out = await build({
      entryPoints: [resolve(srcDir, 'index.ts')],
      bundle: true, write: false, platform: 'browser', format: 'esm', conditions: ['@kenobi/source'],
      logLevel: 'silent', metafile: true,
    });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.some((p) => p.includes('canary/gradient-canary-gate.ts')), 'the canaries are in the bundle').to.equal(true);
    expect(inputs.filter((p) => /onnxruntime|test-support|\.test\.ts$/.test(p))).to.deep.equal([]);
    expect(out.outputFiles[0]!.text).to.not.match(/from ["']node:|require\(["']node:|["']onnxruntime-(node|web)["']/);
  });
});

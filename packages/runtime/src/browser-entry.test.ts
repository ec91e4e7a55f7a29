import { expect } from 'chai';
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('browser entry', function () {
  this.timeout(60_000);

  it('the browser export condition selects index.browser (source and dist)', () => {
    const pkg = JSON.parse(readFileSync(resolve(pkgDir, 'package.json'), 'utf8')) as { exports: Record<string, Record<string, unknown>> };
    const root = pkg.exports['.']!;
    expect((root['@kenobi/source'] as Record<string, string>).browser).to.equal('./src/index.browser.ts');
    expect(root.browser).to.equal('./dist/index.browser.js');
  });

  it('bundles for the browser without onnxruntime-node or any node: module', async () => {
    const out = await build({
      entryPoints: [resolve(pkgDir, 'src/index.browser.ts')],
      bundle: true, write: false, platform: 'browser', format: 'esm', conditions: ['@kenobi/source'],
      external: ['onnxruntime-web'], logLevel: 'silent', metafile: true,
    });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.filter((p) => /node-platform|\.node\.ts$|onnxruntime-node/.test(p))).to.deep.equal([]);
    const text = out.outputFiles[0]!.text;
    expect(text).to.not.match(/from ["']node:|require\(["']node:|import\(["']onnxruntime-node["']\)/);
    expect(text).to.match(/import\(["']onnxruntime-web["']\)/);
  });
});

import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAppServer } from './app-server.node.js';

describe('startAppServer (kenobi serve)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kenobi-serve-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(join(dir, 'model.bin.onnx'), new Uint8Array([8, 1]));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('serves the app and the model with CSP (no unsafe-eval), COOP and COEP', async () => {
    await using server = await startAppServer({ appDir: dir, modelPath: join(dir, 'model.bin.onnx'), port: 0 });
    expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(server.url);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.contain('text/html');
    expect(page.headers.get('content-security-policy')).to.contain("'wasm-unsafe-eval'").and.not.contain("'unsafe-eval'");
    expect(page.headers.get('cross-origin-opener-policy')).to.equal('same-origin');
    expect(page.headers.get('cross-origin-embedder-policy')).to.equal('require-corp');
    expect(await (await fetch(`${server.url}model.json`)).json()).to.deep.equal({ model: { name: 'model.bin.onnx', url: 'model.onnx', bytes: 2 } });
    expect(new Uint8Array(await (await fetch(`${server.url}model.onnx`)).arrayBuffer())).to.deep.equal(new Uint8Array([8, 1]));
    expect((await fetch(`${server.url}nope.js`)).status).to.equal(404);
    expect((await fetch(`${server.url}%2e%2e/%2e%2e/etc/passwd`)).status).to.be.oneOf([403, 404]);
    expect((await fetch(server.url, { method: 'POST' })).status).to.equal(405);
  });

  it('says there is no model (200, model null) and 404s /model.onnx without --model', async () => {
    await using server = await startAppServer({ appDir: dir, port: 0 });
    expect(await (await fetch(`${server.url}model.json`)).json()).to.deep.equal({ model: null });
    expect((await fetch(`${server.url}model.onnx`)).status).to.equal(404);
  });

  it('fails with web/app-missing when the app is not built, web/server for a missing model or a taken port', async () => {
    const err = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as { code: string; hint?: string });
    expect(await err(startAppServer({ appDir: join(dir, 'nothing'), port: 0 }))).to.include({ code: 'web/app-missing' });
    expect(await err(startAppServer({ appDir: dir, modelPath: join(dir, 'missing.onnx'), port: 0 }))).to.include({ code: 'web/server' });
    await using first = await startAppServer({ appDir: dir, port: 0 });
    const taken = await err(startAppServer({ appDir: dir, port: first.port }));
    expect(taken).to.include({ code: 'web/server' });
    expect(taken!.hint).to.contain('--port');
  });
});

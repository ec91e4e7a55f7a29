/**
 * End to end: `kenobi serve`'s server and the built app in headless Chromium. A FITS file dropped on the
 * page gives the probabilities `kenobi predict` gives in Node (≤ 1e-4) on WASM and on WebGPU, under a CSP
 * without 'unsafe-eval', with no console errors; MC-dropout shows error bars; many files give a CSV.
 */
import { expect } from 'chai';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeModel } from '@kenobi/onnx';
import { encodePng } from '@kenobi/imaging';
import { startAppServer, type AppServer } from '@kenobi/web/server';
import { appBuildIsStale, appOutDir, buildApp } from '../../packages/web/scripts/app-build.js';
import { loadPredictData } from '../../packages/cli/src/commands/predict-data.js';
import { predictDataset } from '../../packages/cli/src/commands/predict-run.js';
import { needCapability, needShared, repoRoot } from '../support/shared.js';
import { hasChromium, launchChromium, openPage, type Browser, type WatchedPage } from './browser-harness.js';
import { expectNoPageError, maxAbsDiff, pageResults } from './app-page.js';
import { TINY_CLASSES, tinyExportedModel, writeModel } from './tiny-exported-model.js';
import { hugeHeaderFits, textNotFits, tileCompressedFits } from '../../packages/features/src/test-support/hostile-cutouts.js';

const FITS = 'data/fits/astropy_data/M51.fits';
const JPEG = 'data/labeled/gz1_sdss/images/587722952767439450.jpeg';
const artifacts = resolve(repoRoot, 'test-artifacts');


async function modelReady(page: WatchedPage['page']): Promise<void> {
  await page.waitForFunction(() => {
    const s = document.getElementById('model-status')?.dataset.state;
    const error = document.getElementById('error');
    return s === 'ready' || (error && !error.hidden);
  }, undefined, { timeout: 120_000 });
  await expectNoPageError(page);
}


describe('@kenobi/web in headless Chromium', function () {
  let tmp: string;
  let server: AppServer | undefined;
  let browser: Browser | undefined;
  let modelPath: string;
  let mcModelPath: string;
  let nodeProbabilities: number[];
  let nodeJpegProbabilities: number[];

  before(async function () {
    this.timeout(240_000);
    if (!hasChromium) needCapability(this, false, 'no Chromium at /usr/bin/chromium (apt-get install chromium, or set KENOBI_CHROMIUM)');
    needShared(this, FITS);
    needShared(this, JPEG);
    if (await appBuildIsStale()) await buildApp();
    tmp = await mkdtemp(join(tmpdir(), 'kenobi-web-'));
    modelPath = await writeModel(tmp, 'tiny.onnx', tinyExportedModel());
    mcModelPath = await writeModel(tmp, 'tiny-mc.onnx', tinyExportedModel({ mcDropout: true }));
    const predicted = await predictDataset(decodeModel(await readFile(modelPath)), await loadPredictData(resolve(repoRoot, '../shared', FITS)), { device: 'cpu' });
    nodeProbabilities = predicted.rows[0]!.values as number[];
    const predictedJpeg = await predictDataset(decodeModel(await readFile(modelPath)), await loadPredictData(resolve(repoRoot, '../shared', JPEG)), { device: 'cpu' });
    nodeJpegProbabilities = predictedJpeg.rows[0]!.values as number[];
    server = await startAppServer({ modelPath, port: 0 });
    browser = await launchChromium();
    await mkdir(artifacts, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('serves every file with the CSP (no unsafe-eval) and COOP/COEP, and the model', async () => {
    for (const path of ['', 'app.js', 'decode-worker.js', 'ort/ort-wasm-simd-threaded.jsep.mjs', 'model.onnx']) {
      const res = await fetch(`${server!.url}${path}`);
      expect(res.status, path).to.equal(200);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).to.contain("script-src 'self' 'wasm-unsafe-eval'");
      expect(csp).not.to.contain("'unsafe-eval'");
      expect(csp).not.to.contain("'unsafe-inline'");
      expect(res.headers.get('cross-origin-opener-policy')).to.equal('same-origin');
      expect(res.headers.get('cross-origin-embedder-policy')).to.equal('require-corp');
    }
    expect((await fetch(`${server!.url}ort/ort-wasm-simd-threaded.jsep.wasm`)).headers.get('content-type')).to.equal('application/wasm');
    expect((await fetch(`${server!.url}..%2Fpackage.json`)).status).to.be.oneOf([403, 404]);
  });

  it('has no eval or new Function in the app bundle (ndarray is not in it)', async () => {
    const bundle = await readFile(join(appOutDir, 'app.js'), 'utf8');
    expect(bundle.length).to.be.greaterThan(100_000);
    expect(bundle).not.to.match(/\beval\(/);
    expect(bundle).not.to.match(/new Function\b/);
    expect(bundle).not.to.contain('ndarray');
    const worker = await readFile(join(appOutDir, 'decode-worker.js'), 'utf8');
    expect(worker.length).to.be.greaterThan(10_000);
    expect(worker).not.to.match(/\beval\(|new Function\b/);
  });

  it('classifies a dropped FITS file on WASM as kenobi predict does in Node (≤ 1e-4), with no console error or CSP violation', async () => {
    const watched = await openPage(browser!, `${server!.url}?device=wasm`);
    const { page } = watched;
    await modelReady(page);
    expect(await page.textContent('#device')).to.equal('wasm');
    expect(await page.evaluate(() => crossOriginIsolated), 'COOP/COEP make the page cross-origin isolated').to.equal(true);
    await page.setInputFiles('#image-input', resolve(repoRoot, '../shared', FITS));
    const [r] = await pageResults(page);
    expect(r!.error).to.equal(undefined);
    expect(r!.samples).to.equal(1);
    expect(maxAbsDiff(r!.mean, nodeProbabilities)).to.be.at.most(1e-4);
    expect(await page.$$eval('.bar-row', (rows) => rows.length)).to.equal(TINY_CLASSES.length);
    expect(await page.$eval('#interval', (e) => (e as HTMLSelectElement).value)).to.equal('zscale');
    await page.screenshot({ path: join(artifacts, 'web-app-wasm.png'), fullPage: true });
    expect(watched.errors).to.deep.equal([]);
    expect(await watched.csp()).to.deep.equal([]);
    await page.close();
  });

  it('classifies it on WebGPU (SwiftShader) with the same probabilities (≤ 1e-4)', async function () {
    const watched = await openPage(browser!, `${server!.url}?device=webgpu`);
    const { page } = watched;
    const adapter = await page.evaluate(async () => Boolean(await (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()));
    if (!adapter) needCapability(this, false, 'this Chromium has no WebGPU adapter (needs --enable-unsafe-webgpu and SwiftShader or a GPU)');
    await modelReady(page);
    expect(await page.textContent('#device')).to.equal('webgpu');
    await page.setInputFiles('#image-input', resolve(repoRoot, '../shared', FITS));
    const [r] = await pageResults(page);
    expect(r!.error).to.equal(undefined);
    expect(maxAbsDiff(r!.mean, nodeProbabilities)).to.be.at.most(1e-4);
    await page.screenshot({ path: join(artifacts, 'web-app-webgpu.png'), fullPage: true });
    expect(watched.errors).to.deep.equal([]);
    expect(await watched.csp()).to.deep.equal([]);
    await page.close();
  });

  it('loads a dropped MC-dropout model and shows mean ± std over the samples', async () => {
    const watched = await openPage(browser!, `${server!.url}?device=wasm&samples=12`);
    const { page } = watched;
    await modelReady(page);
    await page.setInputFiles('#model-input', mcModelPath);
    await page.waitForFunction(() => document.getElementById('model-status')?.textContent?.includes('tiny-mc.onnx'), undefined, { timeout: 60_000 });
    await modelReady(page);
    await page.setInputFiles('#image-input', resolve(repoRoot, '../shared', FITS));
    const [r] = await pageResults(page);
    expect(r!.samples).to.equal(12);
    expect(Math.max(...r!.std), 'MC-dropout samples differ').to.be.greaterThan(1e-4);
    expect(r!.mean.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-4);
    expect(await page.$$eval('.bar-error', (e) => e.length)).to.equal(TINY_CLASSES.length);
    await page.screenshot({ path: join(artifacts, 'web-app-mc-dropout.png'), fullPage: true });
    expect(watched.errors).to.deep.equal([]);
    expect(await watched.csp()).to.deep.equal([]);
    await page.close();
  });

  it('hostile files dropped with a good one: each shows its error, the good one classifies as in Node (decoded in the worker)', async () => {
    const tile = tileCompressedFits(Int16Array.from({ length: 400 }, (_, i) => i), 20, 20);
    const bad: [string, Uint8Array][] = [['empty.fits', new Uint8Array(0)], ['notes.fits', textNotFits()], ['huge.fits', hugeHeaderFits()], ['cut.fits', tile.subarray(0, 2 * 2880 + 360)]];
    for (const [name, bytes] of bad) await writeFile(join(tmp, name), bytes);
    const watched = await openPage(browser!, `${server!.url}?device=wasm`);
    const { page } = watched;
    await modelReady(page);
    await page.setInputFiles('#image-input', [...bad.map(([name]) => join(tmp, name)), resolve(repoRoot, '../shared', FITS)]);
    const rows = await pageResults(page);
    expect(rows.map((r) => r.id)).to.deep.equal(['empty.fits', 'notes.fits', 'huge.fits', 'cut.fits', 'M51.fits']);
    for (const r of rows.slice(0, 4)) expect(r.error, r.id).to.match(new RegExp(`^${r.id.replace('.', '\\.')}: fits/`));
    expect(rows[4]!.error).to.equal(undefined);
    expect(maxAbsDiff(rows[4]!.mean, nodeProbabilities)).to.be.at.most(1e-4);
    await page.screenshot({ path: join(artifacts, 'web-app-hostile.png'), fullPage: true });
    expect(watched.errors).to.deep.equal([]);
    expect(await watched.csp()).to.deep.equal([]);
    await page.close();
  });

  it('puts many files (FITS, PNG, JPEG) in a table and downloads it as CSV; the JPEG decodes (libjpeg-turbo WASM) as in Node', async () => {
    const png = join(tmp, 'gradient.png');
    const data = Uint8Array.from({ length: 24 * 16 * 3 }, (_, i) => (i * 7) % 256);
    await writeFile(png, encodePng({ width: 24, height: 16, channels: 3, data }));
    const watched = await openPage(browser!, `${server!.url}?device=wasm`);
    const { page } = watched;
    await modelReady(page);
    await page.setInputFiles('#image-input', [resolve(repoRoot, '../shared', FITS), resolve(repoRoot, '../shared/data/fits/astropy_data/gc_msx_e.fits'), png, resolve(repoRoot, '../shared', JPEG)]);
    const rows = await pageResults(page);
    expect(rows.map((r) => r.id)).to.deep.equal(['M51.fits', 'gc_msx_e.fits', 'gradient.png', '587722952767439450.jpeg']);
    expect(maxAbsDiff(rows[3]!.mean, nodeJpegProbabilities), 'JPEG: browser vs Node').to.be.at.most(1e-4);
    expect(rows.every((r) => r.error === undefined && r.mean.length === 3)).to.equal(true);
    expect(await page.$$eval('table.batch tbody tr', (e) => e.length)).to.equal(4);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).to.equal('id,class,probability,p_elliptical,p_spiral,p_lens,error');
    expect(lines).to.have.length(5);
    expect(Number(lines[1]!.split(',')[3])).to.be.closeTo(nodeProbabilities[0]!, 1e-4);
    await page.screenshot({ path: join(artifacts, 'web-app-batch.png'), fullPage: true });
    expect(watched.errors).to.deep.equal([]);
    expect(await watched.csp()).to.deep.equal([]);
    await page.close();
  });
});

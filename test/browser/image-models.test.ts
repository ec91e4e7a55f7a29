/**
 * End to end: image models exported by Kenobi (a CNN trained a few steps, as `kenobi train --arch` +
 * `kenobi export` make it; a backbone fine-tuned a few steps, as `kenobi finetune --export` makes it) are
 * dropped on the browser app like a user would, and the page's probabilities for a dropped PNG and FITS file
 * equal `kenobi predict`'s in Node on ORT CPU (≤ 1e-4), on WASM and on WebGPU (SwiftShader when no GPU).
 */
import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFits } from '@kenobi/fits';
import { encodePng } from '@kenobi/imaging';
import { startAppServer, type AppServer } from '@kenobi/web/server';
import { appBuildIsStale, buildApp } from '../../packages/web/scripts/app-build.js';
import { loadPredictData } from '../../packages/cli/src/commands/predict-data.js';
import { predictDataset } from '../../packages/cli/src/commands/predict-run.js';
import { needCapability, repoRoot } from '../support/shared.js';
import { hasChromium, launchChromium, openPage, type Browser, type WatchedPage } from './browser-harness.js';
import { expectNoPageError, maxAbsDiff, pageResults } from './app-page.js';
import { finetunedImageModels, trainedImageModels, type ExportedImageModel } from '../support/trained-image-models.js';
import { writeModel } from './tiny-exported-model.js';

/**
 * The exports under test: file name, what it is, and whether it also runs on WebGPU. `before` checks that the
 * support module makes exactly these.
 */
const CASES = Object.freeze([
  ['lenet5-pixels.onnx', 'lenet5 trained a few steps, preprocessing in the graph (raw 0–255 pixels in)', true],
  ['lenet5-normalised.onnx', 'lenet5 trained a few steps, standardised by the app', false],
  ['grey-net.onnx', 'a one-channel layer-list CNN (sigmoid, [1 − p, p])', true],
  ['finetuned-pixels.onnx', 'a fine-tuned residual backbone + MLP head, preprocessing in the graph', true],
  ['finetuned-normalised.onnx', 'a fine-tuned residual backbone + MLP head, standardised by the app', false],
  ['finetuned-mc.onnx', 'a fine-tuned residual backbone + MLP head with MC-dropout', true],
] as const);

/** The fixed inputs: a non-square RGB PNG (resized to the model's input) and a one-band float FITS (zscale etc.). */
const IMAGES = Object.freeze(['pattern.png', 'blob.fits']);

const MC_SAMPLES = 16;
const artifacts = resolve(repoRoot, 'test-artifacts');


/** Drops `path` on the page's model input and waits until the app has loaded it (or shows an error). */
async function dropModel(page: WatchedPage['page'], path: string, file: string): Promise<void> {
  // NOTE: first let the app finish starting (it asks the server for a model and says there is none), so that
  // its start cannot overwrite the status of the dropped model.
  await page.waitForSelector('#model-status[data-state="none"]', { timeout: 60_000 });
  await page.setInputFiles('#model-input', path);
  await page.waitForFunction((name) => {
    const status = document.getElementById('model-status');
    const error = document.getElementById('error');
    return (status?.dataset.state === 'ready' && status.textContent?.includes(name)) || (error && !error.hidden);
  }, file, { timeout: 120_000 });
  await expectNoPageError(page);
}


/** A seeded-looking RGB pattern, 40×30 (the models take 16×16 or 12×12: the app resizes as predict does). */
function patternPng(): Uint8Array {
  return encodePng({ width: 40, height: 30, channels: 3, data: Uint8Array.from({ length: 40 * 30 * 3 }, (_, i) => (i * 7 + (i % 3) * 50) % 256) });
}

/** A 24×20 float image: a Gaussian blob on a ragged background. */
function blobFits(): Uint8Array {
  const data = Float32Array.from({ length: 20 * 24 }, (_, i) => {
    const x = i % 24, y = Math.floor(i / 24);
    return 100 * Math.exp(-((x - 11) ** 2 + (y - 9) ** 2) / 18) + ((i * 37) % 11) - 5;
  });
  return writeFits([{ data, shape: [20, 24] }]);
}

describe('@kenobi/web in headless Chromium: exported image models (trained, fine-tuned)', function () {
  let tmp: string;
  let server: AppServer | undefined;
  let browser: Browser | undefined;
  let webgpu = false;
  const models = new Map<string, ExportedImageModel & { path: string }>();
  /** `kenobi predict` in Node (ORT CPU): file → image → probabilities. */
  const node = new Map<string, Map<string, number[]>>();

  before(async function () {
    this.timeout(240_000);
    if (!hasChromium) needCapability(this, false, 'no Chromium at /usr/bin/chromium (apt-get install chromium, or set KENOBI_CHROMIUM)');
    if (await appBuildIsStale()) await buildApp();
    tmp = await mkdtemp(join(tmpdir(), 'kenobi-web-image-models-'));
    await writeFile(join(tmp, IMAGES[0]!), patternPng());
    await writeFile(join(tmp, IMAGES[1]!), blobFits());
    for (const m of [...(await trainedImageModels()), ...(await finetunedImageModels())]) models.set(m.file, { ...m, path: await writeModel(tmp, m.file, m.model) });
    expect([...models.keys()]).to.deep.equal(CASES.map(([file]) => file));
    for (const [file, m] of models) {
      if (m.mcDropout) continue;
      const byImage = new Map<string, number[]>();
      for (const image of IMAGES) {
        const r = await predictDataset(m.model, await loadPredictData(join(tmp, image)), { device: 'cpu', workers: 0 });
        expect(r.failures, `${file} on ${image} in Node`).to.deep.equal([]);
        byImage.set(image, r.rows[0]!.values as number[]);
      }
      // NOTE: the two images must give different probabilities, or a page that ignored its input would pass.
      expect(maxAbsDiff(byImage.get(IMAGES[0]!)!, byImage.get(IMAGES[1]!)!), `${file}: the images give different outputs`).to.be.above(1e-3);
      node.set(file, byImage);
    }
    await mkdir(artifacts, { recursive: true });
    server = await startAppServer({ port: 0 });
    browser = await launchChromium();
    const probe = await openPage(browser, server.url);
    webgpu = await probe.page.evaluate(async () => Boolean(await (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()));
    await probe.page.close();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  for (const device of ['wasm', 'webgpu'] as const) {
    describe(`on ${device === 'wasm' ? 'WASM' : 'WebGPU'}`, () => {
      // NOTE: on WebGPU (SwiftShader here: ~4–10 s a model) the app-standardised twins are left out: they
      // differ from the in-graph ones only in the pixel scaling, which the app does on the CPU alike.
      for (const [file, what] of CASES.filter(([, , gpu]) => device === 'wasm' || gpu)) {
        const mc = file.includes('-mc');
        it(`${what}: dropped on the page, it classifies a PNG and a FITS file ${mc ? 'with MC-dropout error bars' : "as kenobi predict does in Node (≤ 1e-4)"}`, async function () {
          if (device === 'webgpu') needCapability(this, webgpu, 'this Chromium has no WebGPU adapter (needs --enable-unsafe-webgpu and SwiftShader or a GPU)');
          const m = models.get(file)!;
          const watched = await openPage(browser!, `${server!.url}?device=${device}&samples=${MC_SAMPLES}`);
          const { page } = watched;
          await dropModel(page, m.path, file);
          expect(await page.textContent('#device')).to.equal(device);
          const status = (await page.textContent('#model-status'))!;
          expect(status, 'the app read the preprocessing from the export metadata').not.to.contain('no preprocessing metadata');
          expect(status).to.contain(`classes: ${m.classes.join(', ')}`);
          await page.setInputFiles('#image-input', IMAGES.map((image) => join(tmp, image)));
          const rows = await pageResults(page);
          expect(rows.map((r) => r.id)).to.deep.equal(IMAGES);
          for (const r of rows) {
            expect(r.error, r.id).to.equal(undefined);
            expect(r.mean, r.id).to.have.length(m.classes.length);
            if (mc) {
              expect(r.samples, r.id).to.equal(MC_SAMPLES);
              expect(Math.max(...r.std), `${r.id}: MC-dropout samples differ`).to.be.above(1e-4);
              expect(r.mean.reduce((a, b) => a + b, 0), r.id).to.be.closeTo(1, 1e-4);
            } else {
              expect(r.samples, r.id).to.equal(1);
              expect(maxAbsDiff(r.mean, node.get(file)!.get(r.id)!), `${r.id}: ${device} vs Node ORT CPU`).to.be.at.most(1e-4);
            }
          }
          if (mc) expect(status).to.contain("only the head after 'features' once per sample");
          await page.screenshot({ path: join(artifacts, `web-app-image-model-${device}-${file.replace('.onnx', '')}.png`), fullPage: true });
          expect(watched.errors).to.deep.equal([]);
          expect(await watched.csp()).to.deep.equal([]);
          await page.close();
        });
      }
    });
  }
});

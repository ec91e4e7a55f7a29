/**
 * Test support for the `kenobi slurm` tests on a real cluster: whether one answers (`scontrol ping`; CI
 * starts a one-node Slurm with scripts/slurm/start-cluster.sh), the command the array tasks run as kenobi
 * (this checkout's sources through tsx), a tiny CNN and a few dozen tiny PNG and FITS cutouts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SeededRandom } from '@kenobi/core';
import { writeFits } from '@kenobi/fits';
import { encodePng } from '@kenobi/imaging';
import { encodeModel, GraphBuilder } from '@kenobi/onnx';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../../..');

let up: boolean | undefined;

/** True when a Slurm controller answers here (SLURM_CONF from the environment); asked once, when first needed. */
export function slurmUp(): boolean {
  up ??= (() => {
    // NOTE: without a slurm.conf, scontrol looks for the controller in DNS SRV records, which can take long.
    if (!existsSync(process.env.SLURM_CONF ?? '/etc/slurm/slurm.conf')) return false;
    const r = spawnSync('scontrol', ['ping'], { encoding: 'utf8', timeout: 20_000 });
    return r.status === 0 && /is UP/.test(r.stdout);
  })();
  return up;
}

/** Why the Slurm tests go pending without a cluster. */
export const NO_SLURM = 'no Slurm cluster answers `scontrol ping` (start one: eval "$(bash scripts/slurm/start-cluster.sh)", as .ci/run does)';

/**
 * `--kenobi` for the tests: this node running the CLI from source (tsx), so the tasks run the code under
 * test, not a stale build.
 */
export const KENOBI_FROM_SOURCE = `${process.execPath} --conditions=@kenobi/source --import=${pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href} ${join(repoRoot, 'packages/cli/src/main.ts')}`;

/** A seeded Conv → Relu → GlobalAveragePool → Flatten ('features', [N, 8]) → Gemm on [N, 3, 16, 16]. */
export function writeTinyCnn(path: string, seed = 3): string {
  const b = new GraphBuilder({ seed });
  let x = b.input('input', 'float32', ['N', 3, 16, 16]);
  x = b.relu(b.conv(x, { outChannels: 8, kernel: 3, pad: 1 }));
  x = b.flatten(b.globalAveragePool(x), { name: 'features' });
  b.output(b.dense(x, { units: 2 }));
  writeFileSync(path, encodeModel(b.build()));
  return path;
}

/**
 * Writes `n` cutouts (every third a 20×20 FITS image, the rest 16–19 px RGB PNGs) and `catalog.csv`
 * (id, path, label: the default columns of extract and predict) into `dir`. `broken(i)` items are not images; `gated(i)` items get `gate` in their
 * name (see gate-decode-hook.ts).
 */
export function writeCutouts(dir: string, n: number, o: { broken?: (i: number) => boolean; gated?: (i: number) => boolean; seed?: number } = {}): string {
  const rng = new SeededRandom(o.seed ?? 2);
  mkdirSync(join(dir, 'img'), { recursive: true });
  const lines = ['id,path,label'];
  for (let i = 0; i < n; i++) {
    const fits = i % 3 === 2;
    const file = `img/${o.gated?.(i) ? 'gate-' : ''}${i}.${fits ? 'fits' : 'png'}`;
    let bytes: Uint8Array;
    if (o.broken?.(i)) bytes = new TextEncoder().encode('not an image at all');
    else if (fits) bytes = writeFits([{ data: Float32Array.from({ length: 400 }, () => rng.normal() * 10 + 100), shape: [20, 20] }]);
    else {
      const size = 16 + (i % 4);
      bytes = encodePng({ width: size, height: size, channels: 3, data: Uint8Array.from({ length: size * size * 3 }, () => rng.int(256)) });
    }
    writeFileSync(join(dir, file), bytes);
    lines.push(`${5000 + i},${file},${rng.uniform() < 0.5 ? 'spiral' : 'elliptical'}`);
  }
  writeFileSync(join(dir, 'catalog.csv'), `${lines.join('\n')}\n`);
  return join(dir, 'catalog.csv');
}

/** The extraction flags of the tiny CNN over a catalog of {@link writeCutouts}. */
export function tinyExtractFlags(model: string, catalog: string): string[] {
  return ['--model', model, '--preset', 'unit', '--input-size', '16,16', '--data', catalog, '--batch', '3', '--rows-per-part', '3', '--device', 'cpu'];
}

/** Polls `check` every 100 ms until it is true; fails after `ms`. */
export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Cancels every job that the job folders under `dir` submitted (test clean-up: a failed test must not leave
 * tasks holding the one node).
 */
export function cancelJobsUnder(dir: string): void {
  if (!existsSync(dir)) return;
  const ids: string[] = [];
  for (const e of readdirSync(dir)) {
    const plan = join(dir, e, 'job.json');
    if (!existsSync(plan)) continue;
    const subs = (JSON.parse(readFileSync(plan, 'utf8')) as { submissions: { arrayJobId?: string; mergeJobId: string }[] }).submissions;
    for (const s of subs) ids.push(...(s.arrayJobId ? [s.arrayJobId] : []), s.mergeJobId);
  }
  if (ids.length > 0) spawnSync('scancel', ids, { encoding: 'utf8', timeout: 20_000 });
}

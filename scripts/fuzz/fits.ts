/**
 * Long FITS fuzz runs (issue #12 §3): the mutator and case runner of the in-suite fuzz test
 * (`packages/fits/src/fuzz/`), for as many cases as you like, in child processes watched for hangs and crashes.
 * Prints the seed, the case count, the outcomes (decoded / typed error per code / untyped / crash / hang /
 * memory), each failure with its case index, and the slowest case; exits 1 on any untyped error, crash, hang
 * or memory finding.
 *
 *   node --conditions=@kenobi/source --import tsx scripts/fuzz/fits.ts --cases 100000 --seed 1
 *     [--start 0] [--jobs 1] [--corpus] [--corpus-max-kb 300] [--hang-ms 10000] [--max-bytes 268435456]
 *   node --conditions=@kenobi/source --import tsx scripts/fuzz/fits.ts --seed 1 --replay 4711 [--corpus] [--write case.fits]
 *
 * Seeds: the built-in ones (made by the package's writer and the test HDU builder), the repository's
 * `packages/fits/fixtures/astropy-written.fits`, `astropy-tables.fits` and `hcompress.fits`, and with `--corpus` every file of `../shared/data/fits`
 * (KENOBI_SHARED overrides) up to `--corpus-max-kb`. `--replay` runs one case in this process and prints its
 * mutations, its outcome and, for an untyped error, the stack.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sharedPath } from '../../test/support/shared.js';
import { ASTROPY_EXTRA_FIXTURES, ASTROPY_FIXTURE, loadSeeds, makeCase } from '../../packages/fits/src/fuzz/fits-fuzz-cases.js';
import { runFitsCase } from '../../packages/fits/src/fuzz/fits-fuzz-case.js';
import { formatFuzzReport, runFitsFuzz } from '../../packages/fits/src/fuzz/fits-fuzz-runner.js';
import { nodeDecoders } from '../../packages/fits/src/node.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    start: { type: 'string', default: '0' },
    jobs: { type: 'string', default: '1' },
    corpus: { type: 'boolean', default: false },
    'corpus-max-kb': { type: 'string', default: '300' },
    'hang-ms': { type: 'string', default: '10000' },
    'max-bytes': { type: 'string', default: String(256 * 2 ** 20) },
    replay: { type: 'string' },
    write: { type: 'string' },
  },
});

/** The seed files beyond the built-in ones: the astropy fixture, and the corpus files when asked. */
function seedFiles(): string[] {
  const files = [ASTROPY_FIXTURE, ...ASTROPY_EXTRA_FIXTURES].map((u) => fileURLToPath(u));
  if (!values.corpus) return files;
  const index = sharedPath('data/fits/index.json');
  if (!existsSync(index)) throw new Error(`--corpus: ${index} is missing (set KENOBI_SHARED)`);
  const maxBytes = Number(values['corpus-max-kb']) * 1024;
  const entries = (JSON.parse(readFileSync(index, 'utf8')) as { files: { file: string }[] }).files;
  for (const e of entries) {
    const path = sharedPath('data', e.file);
    if (existsSync(path) && statSync(path).size <= maxBytes) files.push(path);
  }
  return files;
}

const seed = Number(values.seed);
const maxBytes = Number(values['max-bytes']);

if (values.replay !== undefined) {
  const c = makeCase(loadSeeds(seedFiles()), seed, Number(values.replay));
  console.log(`seed ${seed}, case ${c.index}: seed file ${c.seedName}; ${c.steps.join('; ')} (${c.bytes.length} bytes)`);
  if (values.write) writeFileSync(values.write, c.bytes);
  const t0 = performance.now();
  try {
    console.log('outcome:', runFitsCase(c.bytes, { decoders: nodeDecoders, maxBytes }), `${(performance.now() - t0).toFixed(1)} ms`);
  } catch (e) {
    console.log('UNTYPED:', e);
    process.exitCode = 1;
  }
} else {
  const files = seedFiles();
  const cases = Number(values.cases);
  console.log(`FITS fuzz: seed ${seed}, ${cases} cases from ${values.start}, ${values.jobs} job(s), ${files.length} extra seed files`);
  const report = await runFitsFuzz({
    seed,
    cases,
    start: Number(values.start),
    jobs: Number(values.jobs),
    seedFiles: files,
    hangMs: Number(values['hang-ms']),
    maxBytes,
    onProgress: (n) => {
      if (n % 10_000 === 0) console.log(`  ${n} cases`);
    },
  });
  console.log(formatFuzzReport(report));
  const bad = report.untyped.length + report.crashes.length + report.hangs.length + report.memory.length;
  console.log(bad === 0 ? 'OK: no untyped error, crash, hang or memory finding' : `FAILED: ${bad} finding(s)`);
  process.exitCode = bad === 0 ? 0 : 1;
}

/**
 * What every benchmark with a Python peer shares: which interpreter runs the peer (`KENOBI_BENCH_PYTHON`,
 * default Debian's `/usr/bin/python3`), the peer's library versions read from that interpreter at run time,
 * and one line naming the CPU, thread count and load, printed with each ratio.
 * NOTE: ratios only mean something with the peer versions and the machine state next to them (issue #17):
 * a table that says "scikit-learn 1.2.1" whatever ran, or omits the load on a shared 2-core VM, misleads.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/**
 * The peer interpreter: `KENOBI_BENCH_PYTHON`, else `/usr/bin/python3`.
 *
 * @example
 * ```ts
 * spawnSync(benchPython, ['peers.py']); // KENOBI_BENCH_PYTHON=~/venv/bin/python node ... to try pip's sklearn
 * ```
 */
export const benchPython: string = process.env['KENOBI_BENCH_PYTHON'] || '/usr/bin/python3';

/**
 * Whether the peer interpreter exists (a bare name such as `python3` is looked up on PATH by spawning it).
 *
 * @example
 * ```ts
 * if (!hasBenchPython()) console.log('no Python peer: Kenobi rows only');
 * ```
 */
export function hasBenchPython(python = benchPython): boolean {
  if (python.includes('/')) return existsSync(python);
  return spawnSync(python, ['-c', 'pass']).status === 0;
}

/** How a module's import name reads in tables. */
const DISPLAY: Readonly<Record<string, string>> = Object.freeze({ sklearn: 'scikit-learn', torch: 'PyTorch' });

/**
 * Versions of Python modules as the peer interpreter imports them (`__version__`; `'absent'` when the
 * import fails), plus `python` itself. Read once per call: one short interpreter start.
 *
 * @example
 * ```ts
 * peerVersions(['sklearn', 'numpy']); // { python: '3.11.2', sklearn: '1.2.1', numpy: '1.24.2' }
 * ```
 */
export function peerVersions(modules: readonly string[], python = benchPython): Record<string, string> {
  const code = [
    'import importlib, json, platform',
    'out = {"python": platform.python_version()}',
    'for m in ' + JSON.stringify(modules) + ':',
    '    try: out[m] = str(importlib.import_module(m).__version__)',
    '    except Exception: out[m] = "absent"',
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync(python, ['-c', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot read peer versions with ${python}: ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, string>;
}

/**
 * A module's display name and version, e.g. `scikit-learn 1.2.1`.
 *
 * @example
 * ```ts
 * peerLabel(peerVersions(['sklearn']), 'sklearn'); // 'scikit-learn 1.2.1'
 * ```
 */
export function peerLabel(versions: Readonly<Record<string, string>>, module: string): string {
  return `${DISPLAY[module] ?? module} ${versions[module] ?? '?'}`;
}

/**
 * All versions as one sentence part, e.g. `scikit-learn 1.2.1, numpy 1.24.2 (Python 3.11.2, /usr/bin/python3)`.
 *
 * @example
 * ```ts
 * console.log(`peer: ${versionsText(peerVersions(['sklearn', 'numpy']))}`);
 * ```
 */
export function versionsText(versions: Readonly<Record<string, string>>, python = benchPython): string {
  const mods = Object.keys(versions).filter((m) => m !== 'python').map((m) => peerLabel(versions, m));
  return `${mods.join(', ')} (Python ${versions['python'] ?? '?'}, ${python})`;
}

let model: string | undefined;

/**
 * The CPU model as `lscpu` names it (falls back to Node's `os.cpus()` where lscpu is missing).
 *
 * @example
 * ```ts
 * cpuModel(); // 'Intel(R) Xeon(R) Processor'
 * ```
 */
export function cpuModel(): string {
  if (model !== undefined) return model;
  const r = spawnSync('lscpu', [], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  const line = r.status === 0 ? r.stdout.split('\n').find((l) => l.startsWith('Model name:')) : undefined;
  model = line ? line.slice('Model name:'.length).trim() : (cpus()[0]?.model ?? 'unknown CPU');
  return model;
}

/**
 * The load average (1, 5, 15 min) as text.
 *
 * @example
 * ```ts
 * loadText(); // '2.1 1.8 1.5'
 * ```
 */
export function loadText(): string {
  return loadavg().map((v) => v.toFixed(1)).join(' ');
}

/**
 * The machine line to print with each ratio: CPU model, logical CPUs, threads used, load now.
 *
 * @example
 * ```ts
 * machineLine(1); // 'CPU Intel(R) Xeon(R) Processor (2 logical CPUs), 1 thread(s) each side, load 2.1 1.8 1.5'
 * ```
 */
export function machineLine(threads: number | string): string {
  return `CPU ${cpuModel()} (${cpus().length} logical CPUs), ${threads} thread(s) each side, load ${loadText()}`;
}

/**
 * The median of a list of timings (the upper one of the middle two for an even count).
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(a: readonly number[]): number {
  return [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)]!;
}

/**
 * Runs a benchmark side in its own process and parses the last line it prints as JSON; throws with the
 * command (and its stderr, unless that goes straight to ours) when it fails.
 *
 * @example
 * ```ts
 * const r = spawnJson(benchPython, ['peers.py', 'mlp', dir], env); // { seconds: 4.2, ... }
 * ```
 */
export function spawnJson(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv, options: { readonly inheritStderr?: boolean; readonly maxBuffer?: number } = {}): Record<string, any> {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: options.maxBuffer ?? 1 << 22, ...(options.inheritStderr ? { stdio: ['ignore', 'pipe', 'inherit'] as const } : {}) });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})${options.inheritStderr ? '' : `: ${r.stderr}`}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, any>;
}

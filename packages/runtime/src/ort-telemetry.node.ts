/**
 * Node only. Turns off onnxruntime-node's telemetry unless the user chose otherwise.
 *
 * NOTE: onnxruntime-node 1.30 on Linux starts Microsoft's telemetry with the first session of a process: one
 * more thread, an SQLite database under ~/.cache/Microsoft/DeveloperTools/.onnxruntime (about 5 MiB, kept
 * open), and an empty /tmp/mat-debug-<pid>.log left behind by every process (measured: scripts/soak,
 * docs/reliability.md). On a cluster running thousands of Kenobi tasks that is thousands of stray files and
 * a write to every home directory. ORT reads `ORT_DISABLE_TELEMETRY` when it creates its environment, i.e.
 * at the first session, so setting it here, before any session, is enough. `ORT_DISABLE_TELEMETRY=0` in the
 * environment turns telemetry back on.
 */

/**
 * Sets ORT_DISABLE_TELEMETRY=1 unless it is already set. Idempotent; call before the first session.
 *
 * @example
 * ```ts
 * disableOrtTelemetryByDefault();
 * process.env.ORT_DISABLE_TELEMETRY; // '1' (or what the user set)
 * ```
 */
export function disableOrtTelemetryByDefault(): void {
  process.env['ORT_DISABLE_TELEMETRY'] ??= '1';
}

/**
 * `kenobi serve [--model merged.onnx] [--port 8080] [--host 127.0.0.1]`: serves the browser app (and a
 * model) with the headers it needs, until Ctrl-C.
 */
import { startAppServer, type AppServer } from '@kenobi/web/server';
import type { Command, CommandIo } from '../command.js';
import { UsageError } from '../usage-error.js';

/**
 * Waits for SIGINT or SIGTERM, then closes the server (tests pass their own `until`).
 *
 * @example
 * ```ts
 * await serveUntilSignal(server, io); // returns after Ctrl-C, the port closed
 * ```
 */
export async function serveUntilSignal(server: AppServer, io: CommandIo, until?: Promise<unknown>): Promise<void> {
  let onSignal: (() => void) | undefined;
  const signalled = new Promise<void>((ok) => {
    onSignal = () => ok();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  try {
    await Promise.race([signalled, ...(until ? [until] : [])]);
  } finally {
    process.off('SIGINT', onSignal!);
    process.off('SIGTERM', onSignal!);
    await server.close();
    io.stderr.write('kenobi serve: stopped\n');
  }
}

/**
 * The `serve` command.
 *
 * @example
 * ```sh
 * kenobi serve --model demo-output/lens-finder.onnx   # Kenobi app on http://127.0.0.1:8080/ (Ctrl-C stops it)
 * ```
 */
export const serveCommand: Command = {
  words: ['serve'],
  summary: 'Serve the browser app (WebGPU or WASM) and a model at http://127.0.0.1:8080/',
  usage: 'kenobi serve [--model merged.onnx] [--port 8080] [--host 127.0.0.1] [--json]',
  details: `
Serves the built browser app (@kenobi/web's dist-app/) and, with --model, the model at /model.onnx, which the
app loads on start (without it, drop an .onnx file on the page). Every response carries a
Content-Security-Policy without 'unsafe-eval' (WebAssembly gets 'wasm-unsafe-eval') and COOP/COEP, so ONNX
Runtime can use WASM threads. The app runs on WebGPU when the browser has an adapter, else on WASM; add
?device=wasm or ?device=webgpu to the URL to choose. Stops on Ctrl-C.

  --model   the exported .onnx to serve (kenobi export -o merged.onnx)
  --port    port (default 8080; 0 picks a free one)
  --host    address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for the network)
  --json    print { url, model } as JSON instead of a sentence

Example: kenobi serve --model demo-output/lens-finder.onnx --port 8080`,
  options: {
    model: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [0, 0],
  async run({ values }, io) {
    const port = values.port === undefined ? 8080 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got '${String(values.port)}'`);
    const model = values.model as string | undefined;
    const server = await startAppServer({ ...(model ? { modelPath: model } : {}), port, host: (values.host as string | undefined) ?? '127.0.0.1' });
    io.stdout.write(values.json
      ? `${JSON.stringify({ url: server.url, model: model ?? null })}\n`
      : `Kenobi app on ${server.url}${model ? ` with ${model}` : ' (no model: drop an .onnx on the page)'} — Ctrl-C stops it\n`);
    await serveUntilSignal(server, io);
    return 0;
  },
};

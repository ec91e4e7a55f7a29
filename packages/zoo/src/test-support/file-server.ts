/**
 * Test support (tests only): a local HTTP server on 127.0.0.1 that serves one payload with a chosen
 * misbehaviour, honours Range requests, and records what it was asked.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server misbehaves. */
export type ServerMode = 'ok' | 'trickle' | 'drop-halfway-once' | 'wrong-bytes' | 'stall' | 'not-found';

/**
 * A running test server.
 *
 * @example
 * ```ts
 * const srv = await startFileServer(bytes, 'ok');
 * await fetch(srv.url); srv.requests[0].range; // undefined
 * await srv.close();
 * ```
 */
export interface FileServer {
  readonly url: string;
  readonly requests: Array<{ range: string | undefined }>;
  mode: ServerMode;
  close(): Promise<void>;
}

/**
 * Starts a server for `payload` at `/file`.
 *
 * @example
 * ```ts
 * const srv = await startFileServer(new Uint8Array(1000), 'drop-halfway-once');
 * ```
 */
export async function startFileServer(payload: Uint8Array, mode: ServerMode): Promise<FileServer> {
  let dropped = false;
  const requests: Array<{ range: string | undefined }> = [];
  const state = { mode };
  const server: Server = createServer((req, res) => {
    requests.push({ range: req.headers.range });
    if (state.mode === 'not-found') { res.writeHead(404, 'Not Found'); res.end(); return; }
    let start = 0;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (m) start = Number(m[1]);
    const body = state.mode === 'wrong-bytes' ? payload.map((b) => b ^ 0xff) : payload;
    const slice = body.subarray(start);
    res.writeHead(m ? 206 : 200, {
      'content-length': String(slice.length),
      ...(m ? { 'content-range': `bytes ${start}-${payload.length - 1}/${payload.length}` } : {}),
      'accept-ranges': 'bytes',
    });
    if (state.mode === 'stall') { res.write(slice.subarray(0, 10)); return; } // then nothing: the client must time out
    if (state.mode === 'drop-halfway-once' && !dropped) {
      dropped = true;
      const half = Math.floor(slice.length / 2);
      res.write(slice.subarray(0, half), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    // Send in a few chunks so progress events are several.
    const chunk = Math.max(1, Math.ceil(slice.length / 8));
    if (state.mode === 'trickle') {
      let i = 0;
      const tick = (): void => {
        if (i >= slice.length) { res.end(); return; }
        res.write(slice.subarray(i, i + chunk));
        i += chunk;
        setTimeout(tick, 60);
      };
      tick();
      return;
    }
    for (let i = 0; i < slice.length; i += chunk) res.write(slice.subarray(i, i + chunk));
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/file`,
    requests,
    get mode() { return state.mode; },
    set mode(m: ServerMode) { state.mode = m; },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

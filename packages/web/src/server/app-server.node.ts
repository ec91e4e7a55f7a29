/**
 * The static server behind `kenobi serve` (Node only): the built app from `dist-app/`, the model at
 * `/model.onnx` (described by `/model.json`), every response with the app's security headers. node:http, no framework.
 */
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { basename, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebError } from '../web-error.js';
import { APP_SECURITY_HEADERS } from './security-headers.js';

/** Options of {@link startAppServer}. */
export interface AppServerOptions {
  /** The built app (default: this package's `dist-app/`). */
  readonly appDir?: string;
  /** An ONNX model served at `/model.onnx` (the app loads it on start). */
  readonly modelPath?: string;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1 (only this machine). */
  readonly host?: string;
}

/** A running server. */
export interface AppServer extends AsyncDisposable {
  /** e.g. 'http://127.0.0.1:8080/' */
  readonly url: string;
  readonly port: number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
});

/**
 * The built app's folder inside this package (`packages/web/dist-app/`).
 *
 * @example
 * ```ts
 * defaultAppDir(); // '/…/packages/web/dist-app'
 * ```
 */
export function defaultAppDir(): string {
  return fileURLToPath(new URL('../../dist-app/', import.meta.url));
}

/**
 * Starts the static server. Rejects with `web/app-missing` when the app is not built, `web/server` when the
 * model is missing or the port is taken.
 *
 * @example
 * ```ts
 * const server = await startAppServer({ modelPath: 'demo-output/lens-finder.onnx', port: 8080 });
 * console.log(server.url); // http://127.0.0.1:8080/
 * await server.close();
 * ```
 */
export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  const appDir = resolve(options.appDir ?? defaultAppDir());
  if (!existsSync(join(appDir, 'index.html'))) {
    throw new WebError('web/app-missing', `the browser app is not built (no ${join(appDir, 'index.html')})`, { hint: 'run `corepack pnpm --filter @kenobi/web build:app`' });
  }
  const modelPath = options.modelPath === undefined ? undefined : resolve(options.modelPath);
  if (modelPath !== undefined && !(await stat(modelPath).catch(() => undefined))?.isFile()) {
    throw new WebError('web/server', `no model file at ${modelPath}`, { hint: 'give the .onnx that `kenobi export` wrote' });
  }
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    handle(req, res, appDir, modelPath).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, `${e instanceof Error ? e.message : String(e)}\n`);
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      fail(new WebError('web/server', `cannot listen on ${host}:${options.port ?? 8080}: ${e.code ?? e.message}`, { cause: e, hint: e.code === 'EADDRINUSE' ? 'choose another --port' : 'check --host' })));
    server.listen(options.port ?? 8080, host, () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port ?? 8080;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const close = (): Promise<void> => new Promise((ok) => {
    server.close(() => ok());
    server.closeAllConnections();
  });
  return { url: `http://${shownHost}:${port}/`, port, close, [Symbol.asyncDispose]: close };
}

async function handle(req: IncomingMessage, res: ServerResponse, appDir: string, modelPath: string | undefined): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'only GET and HEAD\n', { Allow: 'GET, HEAD' });
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    return send(res, 400, 'bad path\n');
  }
  if (path === '/model.json') {
    // NOTE: the app asks here first, so a server without a model answers 200 and the page logs no 404.
    const body = `${JSON.stringify({ model: modelPath ? { name: basename(modelPath), url: 'model.onnx', bytes: (await stat(modelPath)).size } : null })}\n`;
    return send(res, 200, body, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' });
  }
  if (path === '/model.onnx') {
    if (!modelPath) return send(res, 404, 'no model: start the server with --model merged.onnx, or drop a model in the app\n');
    return sendFile(req, res, modelPath, { 'Content-Disposition': `inline; filename="${basename(modelPath).replace(/"/g, '')}"` });
  }
  const file = resolve(appDir, `.${path.endsWith('/') ? `${path}index.html` : path}`);
  if (file !== appDir && !file.startsWith(appDir + sep)) return send(res, 403, 'forbidden\n');
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return send(res, 404, 'not found\n');
  return sendFile(req, res, file);
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, extra: Record<string, string> = {}): Promise<void> {
  const info = await stat(file);
  res.writeHead(200, {
    ...APP_SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(info.size),
    'Cache-Control': 'no-cache',
    ...extra,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((ok, fail) => {
    const stream = createReadStream(file);
    stream.on('error', fail);
    res.on('close', ok);
    stream.pipe(res);
  });
}

function send(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...APP_SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), ...extra });
  res.end(body);
}

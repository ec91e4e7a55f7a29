/**
 * Decoding dropped images in a worker, one at a time, under a time limit: a file that hangs the decoder or
 * kills its worker fails alone (a `web/images` error naming it and the reason) and the next file gets a
 * fresh worker. Pure TypeScript over an injected way to start the worker, so Node tests drive it.
 */
import { WebError } from '../web-error.js';
import type { DecodedImage } from './decode-image-file.js';
import type { DecodeReply, DecodeRequest } from './decode-request.js';

/** The default time limit for one image, in ms. @example `DECODE_TIMEOUT_MS; // 30000` */
export const DECODE_TIMEOUT_MS = 30_000;

/**
 * A started decode worker: post a request (buffers transferred), or stop it.
 *
 * @example
 * ```ts
 * const port: DecodeWorkerPort = { post: (r, t) => worker.postMessage(r, t), stop: () => worker.terminate() };
 * ```
 */
export interface DecodeWorkerPort {
  post(request: DecodeRequest, transfer: ArrayBuffer[]): void;
  stop(): void;
}

/**
 * Starts a decode worker whose answers go to `onReply` and whose death (an uncaught error, memory) goes to
 * `onCrash`. In the app: a module `Worker` on `decode-worker.js`.
 *
 * @example
 * ```ts
 * const spawn: SpawnDecodeWorker = (onReply, onCrash) => {
 *   const w = new Worker(new URL('decode-worker.js', document.baseURI), { type: 'module' });
 *   w.onmessage = (e) => onReply(e.data);
 *   w.onerror = (e) => onCrash(e.message);
 *   return { post: (r, t) => w.postMessage(r, t), stop: () => w.terminate() };
 * };
 * ```
 */
export type SpawnDecodeWorker = (onReply: (reply: DecodeReply) => void, onCrash: (message: string) => void) => DecodeWorkerPort;

interface Job { readonly request: DecodeRequest; resolve(d: DecodedImage): void; reject(e: Error): void }

/**
 * Decodes images in a worker, one at a time, each within `timeoutMs`.
 *
 * @example
 * ```ts
 * const decoder = new WorkerDecoder(spawn, { timeoutMs: 30_000 });
 * const image = await decoder.decode([bytes], [], ['M51.fits']); // or a WebError: 'M51.fits: decoding took longer than 30 s ...'
 * ```
 */
export class WorkerDecoder {
  readonly timeoutMs: number;
  readonly #spawn: SpawnDecodeWorker;
  readonly #queue: Job[] = [];
  #port: DecodeWorkerPort | undefined;
  #current: Job | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #nextId = 0;

  constructor(spawn: SpawnDecodeWorker, options: { timeoutMs?: number } = {}) {
    this.#spawn = spawn;
    this.timeoutMs = options.timeoutMs ?? DECODE_TIMEOUT_MS;
  }

  /** Decodes one image's files (their buffers move to the worker). */
  decode(contents: readonly Uint8Array[], bandNames: readonly string[], names: readonly string[]): Promise<DecodedImage> {
    return new Promise<DecodedImage>((resolve, reject) => {
      this.#queue.push({ request: { id: this.#nextId++, contents, bandNames, names }, resolve, reject });
      this.#next();
    });
  }

  /** Stops the worker; the image being decoded and the queued ones fail. */
  dispose(): void {
    this.#stop();
    const jobs = [...(this.#current ? [this.#current] : []), ...this.#queue.splice(0)];
    this.#current = undefined;
    for (const job of jobs) job.reject(new WebError('web/images', `${label(job.request)}: the decoder was closed`));
  }

  #next(): void {
    if (this.#current || this.#queue.length === 0) return;
    const job = this.#queue.shift()!;
    this.#current = job;
    try {
      this.#port ??= this.#spawn((reply) => this.#onReply(reply), (message) => this.#onCrash(message));
      const buffers = job.request.contents.map((c) => c.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
      this.#timer = setTimeout(() => this.#end(`decoding took longer than ${this.timeoutMs / 1000} s, so it was stopped`), this.timeoutMs);
      this.#port.post(job.request, [...new Set(buffers)]);
    } catch (e) {
      this.#end(`the decode worker could not start: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  #onReply(reply: DecodeReply): void {
    const job = this.#current;
    if (!job || reply.id !== job.request.id) return;
    clearTimeout(this.#timer);
    this.#current = undefined;
    if (reply.decoded) job.resolve(reply.decoded);
    else job.reject(new WebError('web/images', `${label(job.request)}: ${reply.error.code}: ${reply.error.message}`, { details: { code: reply.error.code } }));
    this.#next();
  }

  #onCrash(message: string): void {
    this.#end(`the decoder stopped (${message || 'no reason given'}); it may have run out of memory`);
  }

  /** Fails the current image with `why`, replaces the worker, and goes on. */
  #end(why: string): void {
    const job = this.#current;
    this.#stop();
    this.#current = undefined;
    job?.reject(new WebError('web/images', `${job ? label(job.request) : 'an image'}: ${why}`, { hint: 'the other files go on; check this one in Node with kenobi fits info' }));
    this.#next();
  }

  #stop(): void {
    clearTimeout(this.#timer);
    this.#port?.stop();
    this.#port = undefined;
  }
}

function label(r: DecodeRequest): string {
  return r.names.join(', ');
}

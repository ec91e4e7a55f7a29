/**
 * The libjpeg-turbo decoder (as compiled to WebAssembly by Squoosh and packaged by `@jsquash/jpeg`), one
 * instance per thread, created on first use. NOTE: chosen over a pure-JavaScript decoder for correctness and
 * speed: it is the decoder behind Pillow, so its pixels are Pillow's bit for bit (ISLOW IDCT, fancy
 * upsampling, the same YCbCr → RGB), and it decodes a 423 × 423 SDSS cutout in ~3 ms against ~26 ms for
 * jpeg-js, which is what lets JPEG decoding hide behind inference in `kenobi extract`.
 */
import factory from '@jsquash/jpeg/codec/dec/mozjpeg_dec.js';
import { defaultLibjpegTurboWasm } from '#libjpeg-turbo-wasm';
import { ImagingError } from '../imaging-error.js';

/** What the Emscripten module exports: `decode(bytes, preserveOrientation)` → RGBA pixels, or null. */
interface LibjpegModule {
  decode(data: Uint8Array, preserveOrientation: boolean): { width: number; height: number; data: Uint8ClampedArray } | null;
}

/** One instance and the messages libjpeg printed while it last decoded. */
interface LibjpegInstance {
  readonly module: LibjpegModule;
  readonly messages: string[];
}

/** Where the WebAssembly binary comes from: a URL to fetch, its bytes, or a compiled module. */
export type JpegDecoderWasm = string | URL | ArrayBuffer | Uint8Array<ArrayBuffer> | WebAssembly.Module;

let wasmSource: JpegDecoderWasm | undefined;
let instance: Promise<LibjpegInstance> | undefined;

/**
 * Tells the JPEG decoder where its WebAssembly binary (`@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm`) is, for
 * bundles that do not put it beside themselves. Node needs no call; the next decode uses the new source.
 *
 * @example
 * ```ts
 * setJpegDecoderWasm(new URL('/assets/mozjpeg_dec.wasm', location.href));
 * ```
 */
export function setJpegDecoderWasm(source: JpegDecoderWasm | undefined): void {
  wasmSource = source;
  instance = undefined;
}

async function compiled(): Promise<WebAssembly.Module | undefined> {
  const s = wasmSource;
  if (s === undefined) return defaultLibjpegTurboWasm();
  if (s instanceof WebAssembly.Module) return s;
  if (s instanceof ArrayBuffer || s instanceof Uint8Array) return WebAssembly.compile(s);
  const response = await fetch(s);
  if (!response.ok) throw new ImagingError('imaging/decode', `cannot load the JPEG decoder from ${String(s)}: HTTP ${response.status}`);
  return WebAssembly.compile(await response.arrayBuffer());
}

async function create(): Promise<LibjpegInstance> {
  const messages: string[] = [];
  const wasm = await compiled();
  const module = (await factory({
    noInitialRun: true,
    print: (text: string) => messages.push(text),
    printErr: (text: string) => messages.push(text),
    ...(wasm
      ? {
          instantiateWasm: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) => {
            void WebAssembly.instantiate(wasm, imports).then(done);
            return {};
          },
        }
      : {}),
  } as never)) as unknown as LibjpegModule;
  return { module, messages };
}

/**
 * Decodes JPEG bytes with libjpeg-turbo into interleaved RGBA, reporting libjpeg's warnings (corrupt or
 * truncated data) as `imaging/decode` errors. After a fatal libjpeg error the instance is replaced, so the
 * memory a failed decode left behind is dropped with it.
 *
 * @example
 * ```ts
 * const { width, height, rgba } = await libjpegDecode(bytes);
 * ```
 */
export async function libjpegDecode(bytes: Uint8Array): Promise<{ width: number; height: number; rgba: Uint8ClampedArray }> {
  const pending = (instance ??= create());
  let inst: LibjpegInstance;
  try {
    inst = await pending;
  } catch (cause) {
    if (instance === pending) instance = undefined;
    if (cause instanceof ImagingError) throw cause;
    throw new ImagingError('imaging/decode', `cannot start the JPEG decoder (libjpeg-turbo WebAssembly): ${(cause as Error).message}`, {
      cause,
      hint: 'in a bundle, copy @jsquash/jpeg/codec/dec/mozjpeg_dec.wasm beside it or call setJpegDecoderWasm(url)',
    });
  }
  inst.messages.length = 0;
  let out: ReturnType<LibjpegModule['decode']>;
  try {
    out = inst.module.decode(bytes, false);
  } catch (cause) {
    if (instance === pending) instance = undefined;
    const said = inst.messages.join('; ');
    throw new ImagingError('imaging/decode', `cannot decode JPEG: ${said || (cause as Error).message}`, { cause });
  }
  // libjpeg carries on past corrupt or missing data (filling grey) and only warns: that is a lost image here.
  const warnings = inst.messages.filter((m) => !/extraneous bytes before marker/i.test(m));
  if (out === null || warnings.length > 0) {
    throw new ImagingError('imaging/decode', `cannot decode JPEG: ${warnings.join('; ') || 'libjpeg-turbo returned no image'}`, {
      hint: 'the file is truncated or corrupt; re-download or re-export it',
    });
  }
  return { width: out.width, height: out.height, rgba: out.data };
}

/**
 * One embedded WebAssembly kernel module as the packages use it: instantiated on first use (once), with a
 * switch that tests and benchmarks turn off to compare the kernels with their JavaScript loops, and the
 * module's bytes for the test that assembles its `.wat` again.
 */
import { base64Bytes, instantiateEmbeddedWasm } from './embedded-wasm.js';

/** What {@link embeddedKernels} returns. @example `const adam: EmbeddedKernels<{ f32: Float32Array }> = embeddedKernels(B64, (k) => ({ f32: new Float32Array(k.mem.buffer) }));` */
export interface EmbeddedKernels<S> {
  /** The prepared kernels, or null where they are switched off or cannot run (no WebAssembly or SIMD, a CSP). */
  load(): S | null;
  /** Switches the kernels on or off; returns whether they are in use now. */
  use(on: boolean): boolean;
  /** The module's bytes. */
  bytes(): Uint8Array<ArrayBuffer>;
}

/**
 * The kernels of the module in `base64`: `prepare` turns its exports into what the caller keeps (typed views
 * of its memory, say), once, on the first `load()`.
 *
 * @example
 * ```ts
 * const kernels = embeddedKernels(KERNELS_BASE64, (k: { mem: WebAssembly.Memory; fill(n: number): void }) => ({ k, u32: new Uint32Array(k.mem.buffer) }));
 * const ready = kernels.load(); // null: use the JavaScript loop
 * ```
 */
export function embeddedKernels<T, S>(base64: string, prepare: (exports: T) => S): EmbeddedKernels<S> {
  let loaded: S | null | undefined;
  let enabled = true;
  const load = (): S | null => {
    if (!enabled) return null;
    if (loaded === undefined) {
      const exports = instantiateEmbeddedWasm<T>(base64);
      loaded = exports && prepare(exports);
    }
    return loaded;
  };
  return {
    load,
    use(on: boolean): boolean {
      enabled = on;
      return load() !== null;
    },
    bytes: () => base64Bytes(base64),
  };
}

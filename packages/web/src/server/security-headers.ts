/**
 * The headers the app needs from any server that hosts it: a Content-Security-Policy without
 * `'unsafe-eval'` (WebAssembly needs only `'wasm-unsafe-eval'`), and cross-origin isolation (COOP + COEP)
 * so onnxruntime-web can use threads (SharedArrayBuffer).
 */

/**
 * The app's Content-Security-Policy. `'wasm-unsafe-eval'` lets WebAssembly compile without allowing
 * `eval`/`new Function`; `worker-src 'self' blob:` lets ORT start its WASM threads; no inline script or style.
 *
 * @example
 * ```ts
 * res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
 * ```
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Every header the static server sends with every response.
 *
 * @example
 * ```ts
 * for (const [k, v] of Object.entries(APP_SECURITY_HEADERS)) res.setHeader(k, v);
 * APP_SECURITY_HEADERS['Cross-Origin-Embedder-Policy']; // 'require-corp'
 * ```
 */
export const APP_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});

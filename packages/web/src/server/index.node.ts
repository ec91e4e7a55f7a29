/**
 * `@kenobi/web/server` (Node only): the static server `kenobi serve` runs, and the headers any host of the
 * app must send.
 */
export { startAppServer, defaultAppDir } from './app-server.node.js';
export type { AppServer, AppServerOptions } from './app-server.node.js';
export { APP_SECURITY_HEADERS, CONTENT_SECURITY_POLICY } from './security-headers.js';
export { WebError, WEB_ERROR_CODES } from '../web-error.js';
export type { WebErrorCode } from '../web-error.js';

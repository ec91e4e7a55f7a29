/**
 * `pnpm --filter @kenobi/web build:app`: builds the browser app into `dist-app/` (see `app-build.ts`).
 */
import { appOutDir, buildApp } from './app-build.js';

const { bundleBytes, files } = await buildApp({ minify: !process.argv.includes('--no-minify') });
console.log(`built ${appOutDir}: app.js ${(bundleBytes / 1024).toFixed(0)} kB, ${files.length} files`);

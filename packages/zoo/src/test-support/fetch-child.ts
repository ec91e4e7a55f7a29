/**
 * Test support (tests only): a child process that fetches `test-model` from the URL in argv[2] into the
 * cache in argv[3], printing the resolved path. Used by the concurrency test.
 */
import { ModelStore } from '../node/model-store.js';
import { fakeZoo } from './fake-manifest.js';

const [url, cacheDir] = process.argv.slice(2) as [string, string];
const { catalog } = fakeZoo(url);
const store = new ModelStore(catalog, { cacheDir, mirrors: [], offline: false, retries: 2, retryDelayMs: 50, timeoutMs: 10_000 });
const r = await store.resolveModel('test-model');
process.stdout.write(`${JSON.stringify({ path: r.path, from: r.from })}\n`);

// Starts the TypeScript training worker when Kenobi runs from source under tsx (dev and tests): worker threads
// do not inherit tsx's loader hooks in Node 20, so register them here first. Built code (dist/) skips this.
import { workerData } from 'node:worker_threads';
const { register } = await import('tsx/esm/api');
register();
await import(workerData.entry);

/**
 * Test support (tests only): `../shared` paths and the pending-or-fail guard of `test/support/shared.ts`.
 */
export { repoRoot, sharedDir, sharedPath, needShared } from '../../../../test/support/shared.js';

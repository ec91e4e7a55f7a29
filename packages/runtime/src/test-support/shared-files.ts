/**
 * Test support (Node only, imported by tests only): `../shared` paths and the pending-or-fail rules, from
 * `test/support/shared.ts`. Under KENOBI_REQUIRE_MODELS=1 (CI) a missing file or capability fails instead of
 * going pending.
 */
export { repoRoot, sharedDir, modelsRequired, needShared, needCapability } from '../../../../test/support/shared.js';

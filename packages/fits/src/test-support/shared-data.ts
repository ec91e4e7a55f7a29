/**
 * Test support: `../shared` paths (KENOBI_SHARED overrides) and whether CI requires them
 * (KENOBI_REQUIRE_MODELS=1), from `test/support/shared.ts`.
 */
export { sharedPath as sharedDataPath, modelsRequired as sharedRequired } from '../../../../test/support/shared.js';

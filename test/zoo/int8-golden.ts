/**
 * Test support: the int8 zoo models' goldens per MLAS int8 kernel family (`int8-golden.json`) and the check a
 * run must pass against them.
 *
 * Why two goldens: ONNX Runtime's u8s8 GEMM without VNNI (AVX2, AVX-512BW) sums pairs of u8·s8 products in
 * int16 with saturation (vpmaddubsw); with VNNI (AVX-512 VNNI, AVX-VNNI, AMX) it accumulates exactly in int32.
 * Measured on mobilenetv2-12-int8 and shufflenet-v2-12-int8 over the five test photos: the two families'
 * logits differ by up to 11.9 (69 quantisation steps; shufflenet on horse5 gives top-1 339 with VNNI and 113
 * without), while within a family the logits are identical across runs and machines. So a run must match
 * ONE family: same top-1, same top-5 set except classes tied (within a step) with the 5th, and each of that
 * family's top-5 logits within one quantisation step (the requantisation's float rounding may move a value
 * by one step). A real bug (preprocessing, channel order, a wrong scale) matches neither.
 */
import { readFileSync } from 'node:fs';

/** The int8 models checked per kernel family. */
export const INT8_MODELS = Object.freeze(['mobilenetv2-12-int8', 'shufflenet-v2-12-int8'] as const);

/** Test photo name → file in ../shared/data/photos. */
export const TEST_PHOTOS: Readonly<Record<string, string>> = Object.freeze({ chelsea: 'chelsea.png', coffee: 'coffee.png', rocket: 'rocket.jpg', hubble_deep_field: 'hubble_deep_field.jpg', horse5: 'horse5.png' });

interface PhotoGolden { top5: number[]; logits: number[]; step: number }
interface FamilyGolden { provenance: Record<string, unknown>; models: Record<string, Record<string, PhotoGolden>> }

/** The committed goldens by family ('vnni', 'u8s8-saturating'). */
export function int8Goldens(): Record<string, FamilyGolden> {
  return (JSON.parse(readFileSync(new URL('./int8-golden.json', import.meta.url), 'utf8')) as { families: Record<string, FamilyGolden> }).families;
}

/**
 * Why `logits` (one photo's output) matches no family's golden, or undefined with the family it matches.
 *
 * @example
 * ```ts
 * const { family, mismatch } = matchInt8Family('mobilenetv2-12-int8', 'horse5', logits);
 * ```
 */
export function matchInt8Family(model: string, photo: string, logits: Float32Array): { family?: string; mismatch: string[] } {
  const mismatch: string[] = [];
  const got = [...logits.keys()].sort((a, b) => logits[b]! - logits[a]! || a - b).slice(0, 5);
  for (const [family, golden] of Object.entries(int8Goldens())) {
    const g = golden.models[model]?.[photo];
    if (!g) { mismatch.push(`${family}: no golden`); continue; }
    const step = g.step * 1.01;
    const fifth = g.logits[4]!;
    const problems: string[] = [];
    if (got[0] !== g.top5[0] && Math.abs(logits[got[0]!]! - g.logits[0]!) > step) problems.push(`top-1 ${got[0]} ≠ ${g.top5[0]}`);
    g.top5.forEach((c, k) => {
      if (Math.abs(logits[c]! - g.logits[k]!) > step) problems.push(`logit[${c}] ${logits[c]!.toFixed(4)} vs ${g.logits[k]} (step ${g.step})`);
    });
    for (const c of got) if (!g.top5.includes(c) && logits[c]! > fifth + step) problems.push(`class ${c} (${logits[c]!.toFixed(4)}) above the golden 5th (${fifth})`);
    if (problems.length === 0) return { family, mismatch };
    mismatch.push(`${family}: ${problems.join('; ')}`);
  }
  return { mismatch };
}

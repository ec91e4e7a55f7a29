/**
 * Which assignment kernel a fit uses: the caller's, pure TypeScript, or ONNX Runtime (with 'auto' choosing by
 * problem size and falling back to TypeScript, recording why).
 */
import type { AssignmentKernel } from './assignment-kernel.js';
import { ortAssignmentKernel } from './ort-assignment-kernel.js';
import { tsAssignmentKernel } from './ts-assignment-kernel.js';

/**
 * Kernel names accepted by estimators: 'ts' (pure TypeScript), 'ort' (ONNX Runtime, CPU), 'auto' (ORT when
 * rows × features × k ≥ 2²⁴, else TypeScript; TypeScript when ORT cannot start).
 *
 * @example
 * ```ts
 * KERNEL_CHOICES.includes('ort'); // true
 * ```
 */
export const KERNEL_CHOICES = Object.freeze(['auto', 'ts', 'ort'] as const);

/** One of {@link KERNEL_CHOICES}. */
export type KernelChoice = (typeof KERNEL_CHOICES)[number];

/**
 * A kernel for a problem of the given size, whether the caller must dispose it, and a note when 'auto' fell
 * back.
 *
 * @example
 * ```ts
 * const { kernel, owned, note } = await resolveKernel('auto', 20000 * 512 * 10);
 * kernel.name; // 'ort:cpu'
 * if (owned) await kernel.dispose();
 * ```
 */
export async function resolveKernel(
  choice: KernelChoice | AssignmentKernel,
  work: number,
): Promise<{ kernel: AssignmentKernel; owned: boolean; note?: string }> {
  if (typeof choice !== 'string') return { kernel: choice, owned: false };
  if (choice === 'ts' || (choice === 'auto' && work < 2 ** 24)) return { kernel: tsAssignmentKernel(), owned: true };
  if (choice === 'ort') return { kernel: await ortAssignmentKernel(), owned: true };
  try {
    return { kernel: await ortAssignmentKernel(), owned: true };
  } catch (e) {
    return { kernel: tsAssignmentKernel(), owned: true, note: `ONNX Runtime kernel unavailable, used TypeScript: ${(e as Error).message}` };
  }
}

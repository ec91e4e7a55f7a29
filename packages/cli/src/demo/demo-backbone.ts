/**
 * Node-only. The demo's backbone: the zoo's ResNet-50 v2 when it can be had (cache, mirror or download),
 * else the best pretrained ImageNet backbone available locally, else an error with the exact instructions
 * (the demo then trains a CNN from scratch instead).
 */
import { KenobiError, type ProgressCallback } from '@kenobi/core';
import { resolveModelArg, type ResolvedModel } from '@kenobi/zoo/node';

/**
 * The default first, then local fallbacks in order of ImageNet quality.
 *
 * @example
 * ```ts
 * DEMO_BACKBONES[0]; // 'resnet50-v2-7'
 * ```
 */
export const DEMO_BACKBONES = Object.freeze(['resnet50-v2-7', 'densenet121-keras', 'mobilenetv2-12', 'resnet18-v2-7', 'mobilenetv2-12-int8', 'shufflenet-v2-12-int8'] as const);

/**
 * Resolves the first backbone that can be had; `say` gets one line when it is not the first choice (what the
 * first choice lacked and which one is used), none when nothing can be had (the `cli/no-backbone` error, with
 * every miss in its details, is for the caller to say in its own words).
 *
 * @example
 * ```ts
 * const { resolved, misses } = await chooseDemoBackbone((l) => console.error(l)); // resolved.entry.id 'densenet121-keras' offline
 * ```
 */
export async function chooseDemoBackbone(say: (line: string) => void, onProgress?: ProgressCallback, preferred?: string): Promise<{ resolved: ResolvedModel; misses: string[] }> {
  const misses: string[] = [];
  for (const id of preferred ? [preferred] : DEMO_BACKBONES) {
    try {
      const resolved = await resolveModelArg(id, { retries: 1, ...(onProgress ? { onProgress } : {}) });
      if (misses.length > 0) say(`demo: ${misses[0]!.replace(': ', ' cannot be had here: ')}; using ${id} (${resolved.from}) instead`);
      return { resolved, misses };
    } catch (e) {
      const why = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
      misses.push(`${id}: ${why}`);
      if (preferred) {
        say(`demo: ${id} cannot be had here: ${why}`);
        break;
      }
    }
  }
  throw new KenobiError('cli/no-backbone', 'the demo found no pretrained backbone: none is cached, mirrored or downloadable', {
    hint: 'with internet: kenobi models fetch resnet50-v2-7; offline: KENOBI_MIRROR=/path/to/models (a folder holding e.g. densenet121-keras-imagenet.onnx), then run the demo again',
    details: { misses },
  });
}

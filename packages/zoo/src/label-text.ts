/**
 * Parsing label files: ImageNet synset lines ("n01440764 tench, Tinca tinca") or one class per line.
 */
import type { LabelSet } from './zoo-types.js';

/**
 * Class names from a label file's text (synset ids stripped), checked against the set's count.
 *
 * @example
 * ```ts
 * parseLabels('n01440764 tench, Tinca tinca\nn01443537 goldfish\n', { kind: 'synset-lines', count: 2 }); // ['tench, Tinca tinca', 'goldfish']
 * ```
 */
export function parseLabels(text: string, set: Pick<LabelSet, 'kind' | 'count' | 'names'>): string[] {
  if (set.kind === 'inline') return [...(set.names ?? [])];
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const names = set.kind === 'synset-lines' ? lines.map((l) => l.replace(/^n\d{8}\s+/, '').trim()) : lines.map((l) => l.trim());
  if (names.length !== set.count) throw new RangeError(`label file has ${names.length} classes, expected ${set.count}`);
  return names;
}

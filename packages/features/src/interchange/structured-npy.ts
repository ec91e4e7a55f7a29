/**
 * A numpy structured array (one record per row, named fields) as `.npy` bytes, so that one file holds a
 * feature store's ids, labels, targets and features: `np.load(path)['features']` is `[rows, dim]`.
 * Pure TypeScript.
 */
import { FeaturesError } from '../features-error.js';

/**
 * One field of the records: unicode text (`<U…`, as wide as the longest value), int32, or float32 with a
 * per-row shape (`[512]` for features).
 *
 * @example
 * ```ts
 * const f: NpyField = { name: 'features', kind: 'float32', values: X, shape: [512] };
 * ```
 */
export type NpyField =
  | { readonly name: string; readonly kind: 'unicode'; readonly values: readonly string[] }
  | { readonly name: string; readonly kind: 'int32'; readonly values: Int32Array }
  | { readonly name: string; readonly kind: 'float32'; readonly values: Float32Array; readonly shape?: readonly number[] };

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

function descrOf(f: NpyField, width: number): string {
  const name = f.name.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  if (f.kind === 'unicode') return `('${name}', '<U${width}')`;
  if (f.kind === 'int32') return `('${name}', '<i4')`;
  const shape = f.shape ?? [];
  return shape.length === 0 ? `('${name}', '<f4')` : `('${name}', '<f4', (${shape.join(', ')}${shape.length === 1 ? ',' : ''}))`;
}

/**
 * `.npy` bytes (format 1.0, or 2.0 when the header is longer than 65535 bytes) of `rows` records.
 * Throws `features/bad-option` when a field's length does not match or two fields share a name.
 *
 * @example
 * ```ts
 * const bytes = structuredNpy(2, [
 *   { name: 'id', kind: 'unicode', values: ['a', 'b'] },
 *   { name: 'features', kind: 'float32', values: Float32Array.of(1, 2, 3, 4), shape: [2] },
 * ]);
 * // numpy: a = np.load(path); a.dtype -> [('id', '<U1'), ('features', '<f4', (2,))]
 * ```
 */
export function structuredNpy(rows: number, fields: readonly NpyField[]): Uint8Array {
  const names = new Set<string>();
  const layout = fields.map((f) => {
    if (names.has(f.name)) throw new FeaturesError('features/bad-option', `two .npy fields are named '${f.name}'`);
    names.add(f.name);
    const per = f.kind === 'float32' ? (f.shape ?? []).reduce((a, b) => a * b, 1) : 1;
    if (f.values.length !== rows * per) throw new FeaturesError('features/bad-option', `.npy field '${f.name}' has ${f.values.length} values, not ${rows} × ${per}`);
    // NOTE: numpy's U width is in characters (UCS-4 code points); a width of 0 is not a valid dtype.
    const width = f.kind === 'unicode' ? Math.max(1, ...f.values.map((s) => [...s].length)) : 0;
    const bytes = f.kind === 'unicode' ? 4 * width : 4 * per;
    return { f, width, per, bytes };
  });
  const recordBytes = layout.reduce((n, l) => n + l.bytes, 0);
  const descr = `[${layout.map((l) => descrOf(l.f, l.width)).join(', ')}]`;
  let header = `{'descr': ${descr}, 'fortran_order': False, 'shape': (${rows},), }`;
  const v2 = header.length + 11 > 65535;
  const pre = v2 ? 12 : 10;
  header += ' '.repeat((64 - ((pre + header.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(pre + header.length + rows * recordBytes);
  out.set(MAGIC, 0);
  out[6] = v2 ? 2 : 1;
  const view = new DataView(out.buffer);
  if (v2) view.setUint32(8, header.length, true);
  else view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i += 1) out[pre + i] = header.charCodeAt(i);
  let at = pre + header.length;
  for (let r = 0; r < rows; r += 1) {
    for (const l of layout) {
      const f = l.f;
      if (f.kind === 'unicode') {
        const cps = [...f.values[r]!];
        for (let c = 0; c < l.width; c += 1) view.setUint32(at + 4 * c, c < cps.length ? cps[c]!.codePointAt(0)! : 0, true);
      } else if (f.kind === 'int32') view.setInt32(at, f.values[r]!, true);
      else for (let k = 0; k < l.per; k += 1) view.setFloat32(at + 4 * k, f.values[r * l.per + k]!, true);
      at += l.bytes;
    }
  }
  return out;
}

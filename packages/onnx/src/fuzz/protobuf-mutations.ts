/**
 * Seeded protobuf-aware mutations of ONNX bytes: lengths made huge or off by a few, wire types and field
 * numbers changed, fields dropped or repeated, varints replaced by extreme values, a cut inside a field.
 * Enclosing lengths are recomputed unless the mutation is the lying length itself, so the damage reaches the
 * decoder's and the graph code's deepest fields. Not shipped.
 */
import type { SeededRandom } from '@kenobi/core';
import { allFields, parseWire, varint, writeWire, type WireField } from './protobuf-wire.js';

/** The wire-level mutations of {@link mutateWire}. */
export const WIRE_MUTATIONS = Object.freeze([
  'huge-length',
  'length-off',
  'wire-type',
  'field-number',
  'drop-field',
  'duplicate-field',
  'extreme-varint',
  'cut-in-field',
  'deep-nesting',
] as const);

/** One of {@link WIRE_MUTATIONS}. */
export type WireMutation = (typeof WIRE_MUTATIONS)[number];

const EXTREME_VARINTS: readonly bigint[] = [0n, 1n, 2n ** 31n - 1n, 2n ** 32n - 1n, 2n ** 53n, 2n ** 63n - 1n, 2n ** 64n - 1n, -1n, -(2n ** 31n), 1000000007n];
const HUGE_LENGTHS: readonly number[] = [2 ** 31 - 1, 2 ** 32 - 1, 2 ** 28, 2 ** 40, 0x7fffff];

/**
 * A mutated copy of protobuf `bytes` (parsed once into `tree` by the caller, or here). The tree is not
 * changed. Falls back to cutting the bytes when they do not parse.
 *
 * @example
 * ```ts
 * const { bytes: bad, mutation } = mutateWire(encodeModel(lenet5()), new SeededRandom(3)); // e.g. 'huge-length'
 * ```
 */
export function mutateWire(bytes: Uint8Array, rng: SeededRandom, tree: WireField[] | undefined = parseWire(bytes), mutation?: WireMutation): { bytes: Uint8Array; mutation: WireMutation } {
  const kind = mutation ?? WIRE_MUTATIONS[rng.int(WIRE_MUTATIONS.length)]!;
  if (!tree || tree.length === 0) return { bytes: bytes.subarray(0, rng.int(bytes.length + 1)), mutation: 'cut-in-field' };
  const fields = cloneTree(tree);
  const all = allFields(fields);
  const pick = (ok: (f: WireField) => boolean): { field: WireField; siblings: WireField[] } | undefined => {
    const candidates = all.filter((e) => ok(e.field));
    return candidates.length === 0 ? undefined : candidates[rng.int(candidates.length)];
  };
  switch (kind) {
    case 'huge-length':
    case 'length-off': {
      const e = pick((f) => f.wireType === 2);
      if (!e) break;
      const true_ = e.field.children ? writeWire(e.field.children).length : e.field.raw.length;
      e.field.lengthOverride = kind === 'huge-length' ? HUGE_LENGTHS[rng.int(HUGE_LENGTHS.length)]! : Math.max(0, true_ + (rng.uniform() < 0.5 ? -1 : 1) * (1 + rng.int(16)));
      break;
    }
    case 'wire-type': {
      const e = pick(() => true);
      if (e) e.field.tagOverride = e.field.field * 8 + [0, 1, 2, 3, 4, 5, 6, 7].filter((w) => w !== e.field.wireType)[rng.int(7)]!;
      break;
    }
    case 'field-number': {
      const e = pick(() => true);
      if (e) e.field.tagOverride = (rng.uniform() < 0.5 ? 1 + rng.int(24) : 1 + rng.int(0x1fffffff)) * 8 + e.field.wireType;
      break;
    }
    case 'drop-field': {
      const e = pick(() => true);
      if (e) e.siblings.splice(e.siblings.indexOf(e.field), 1);
      break;
    }
    case 'duplicate-field': {
      const e = pick(() => true);
      if (e) e.siblings.splice(e.siblings.indexOf(e.field), 0, cloneTree([e.field])[0]!);
      break;
    }
    case 'extreme-varint': {
      const e = pick((f) => f.wireType === 0);
      if (e) e.field.raw = varint(EXTREME_VARINTS[rng.int(EXTREME_VARINTS.length)]!);
      break;
    }
    case 'cut-in-field': {
      const e = pick((f) => f.wireType === 2 && f.raw.length > 0);
      if (!e) break;
      // NOTE: the payload is cut but the length keeps its old value: what a torn write inside a message looks like.
      const payload = e.field.children ? writeWire(e.field.children) : e.field.raw;
      e.field.lengthOverride = payload.length;
      delete e.field.children;
      e.field.raw = payload.subarray(0, rng.int(payload.length));
      break;
    }
    case 'deep-nesting': {
      // A node wrapped in If nodes (NodeProto.attribute 5 → AttributeProto.g 6 → GraphProto.node 1) tens to
      // hundreds of levels deep: past protobufjs' limit of 100 nested messages, or just under it.
      const e = pick((f) => f.wireType === 2 && f.field === 1 && !!f.children?.some((c) => c.field === 4));
      if (!e) break;
      let inner = e.field;
      for (let k = 1 + rng.int(rng.uniform() < 0.5 ? 40 : 200); k > 0; k--) {
        const graph: WireField = { field: 6, wireType: 2, raw: new Uint8Array(0), children: [inner] };
        const attribute: WireField = { field: 5, wireType: 2, raw: new Uint8Array(0), children: [text(1, 'then_branch'), { field: 20, wireType: 0, raw: varint(5) }, graph] };
        inner = { field: 1, wireType: 2, raw: new Uint8Array(0), children: [text(1, `nest_${k}`), text(4, 'If'), attribute] };
      }
      e.siblings[e.siblings.indexOf(e.field)] = inner;
      break;
    }
  }
  return { bytes: writeWire(fields), mutation: kind };
}

function text(field: number, value: string): WireField {
  return { field, wireType: 2, raw: new TextEncoder().encode(value) };
}

function cloneTree(fields: readonly WireField[]): WireField[] {
  return fields.map((f) => ({ ...f, ...(f.children ? { children: cloneTree(f.children) } : {}) }));
}

/**
 * A schema-blind view of protobuf bytes as a tree of fields, for the fuzzer: length-delimited payloads that
 * parse cleanly as messages become children, so a mutation can reach a field deep inside (a dim, a node's
 * attribute) and the bytes can be written back with every enclosing length recomputed, or with one length
 * left lying. Not shipped.
 */

/** One field of a protobuf message. */
export interface WireField {
  field: number;
  /** 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  wireType: number;
  /** The value's bytes as read (the varint bytes, the fixed bytes, or the payload of a length-delimited field). */
  raw: Uint8Array;
  /** A length-delimited payload parsed as a message. */
  children?: WireField[];
  /** Written instead of the true payload length (a lying length). */
  lengthOverride?: number;
  /** Written instead of the field's tag varint. */
  tagOverride?: number;
}

const MAX_DEPTH = 12;

/**
 * Parses protobuf bytes into fields; undefined when they are not a clean message.
 *
 * @example
 * ```ts
 * parseWire(encodeModel(lenet5()))?.map((f) => f.field); // [1, 2, 3, 4, 6, 7, 8] (ir_version, producer, ...)
 * ```
 */
export function parseWire(bytes: Uint8Array, depth = 0): WireField[] | undefined {
  const out: WireField[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const tag = readVarint(bytes, pos);
    if (!tag || tag.value === 0 || tag.value > 0x1fffffff * 8) return undefined;
    pos = tag.next;
    const wireType = tag.value % 8;
    const field = Math.floor(tag.value / 8);
    let end: number;
    let start = pos;
    if (wireType === 0) {
      const v = readVarint(bytes, pos);
      if (!v) return undefined;
      end = v.next;
    } else if (wireType === 1) end = pos + 8;
    else if (wireType === 5) end = pos + 4;
    else if (wireType === 2) {
      const len = readVarint(bytes, pos);
      if (!len) return undefined;
      start = len.next;
      end = start + len.value;
    } else return undefined;
    if (end > bytes.length) return undefined;
    const raw = bytes.subarray(start, end);
    const f: WireField = { field, wireType, raw };
    if (wireType === 2 && depth < MAX_DEPTH && raw.length >= 2) {
      const children = parseWire(raw, depth + 1);
      if (children) f.children = children;
    }
    out.push(f);
    pos = end;
  }
  return out;
}

/**
 * Writes fields back to bytes; enclosing lengths are recomputed, a `lengthOverride` is written as given.
 *
 * @example
 * ```ts
 * writeWire(parseWire(bytes)!); // the same bytes back
 * ```
 */
export function writeWire(fields: readonly WireField[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const f of fields) {
    parts.push(varint(f.tagOverride ?? f.field * 8 + f.wireType));
    if (f.wireType === 2) {
      const payload = f.children ? writeWire(f.children) : f.raw;
      parts.push(varint(f.lengthOverride ?? payload.length), payload);
    } else parts.push(f.raw);
  }
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Every field of the tree with the list that holds it (for deleting or duplicating it).
 *
 * @example
 * ```ts
 * allFields(parseWire(bytes)!).filter((e) => e.field.wireType === 0).length; // varints
 * ```
 */
export function allFields(fields: WireField[]): { field: WireField; siblings: WireField[]; depth: number }[] {
  const out: { field: WireField; siblings: WireField[]; depth: number }[] = [];
  const stack: { list: WireField[]; depth: number }[] = [{ list: fields, depth: 0 }];
  while (stack.length > 0) {
    const { list, depth } = stack.pop()!;
    for (const f of list) {
      out.push({ field: f, siblings: list, depth });
      if (f.children) stack.push({ list: f.children, depth: depth + 1 });
    }
  }
  return out;
}

/**
 * A protobuf varint of a non-negative integer up to 2^64 − 1 (given as a bigint for the large ones).
 *
 * @example
 * ```ts
 * varint(300); // Uint8Array [0xac, 0x02]
 * ```
 */
export function varint(value: number | bigint): Uint8Array {
  let v = BigInt(value);
  if (v < 0n) v = BigInt.asUintN(64, v);
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? b | 0x80 : b);
  } while (v > 0n);
  return Uint8Array.from(out);
}

function readVarint(b: Uint8Array, pos: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos + i >= b.length) return undefined;
    const c = b[pos + i]!;
    value += (c & 0x7f) * scale;
    scale *= 128;
    if ((c & 0x80) === 0) return { value, next: pos + i + 1 };
  }
  return undefined;
}

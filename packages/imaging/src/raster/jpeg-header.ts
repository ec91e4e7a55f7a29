/** One frame component from a JPEG SOFn header: its id and horizontal/vertical sampling factors. */
export interface JpegComponent {
  readonly id: number;
  readonly h: number;
  readonly v: number;
}

/** What the JPEG markers before the first scan say about the frame and its colour space. */
export interface JpegHeader {
  readonly width: number;
  readonly height: number;
  readonly precision: number;
  readonly progressive: boolean;
  readonly components: readonly JpegComponent[];
  /** A JFIF APP0 marker was seen (implies YCbCr for 3 components). */
  readonly jfif: boolean;
  /** The Adobe APP14 transform flag (0 = none/RGB, 1 = YCbCr, 2 = YCCK), when that marker is present. */
  readonly adobeTransform?: number;
  /** Byte offset of the Adobe transform flag in the file, when that marker is present. */
  readonly adobeTransformOffset?: number;
}

function isSof(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function ascii(bytes: Uint8Array, start: number, text: string): boolean {
  for (let k = 0; k < text.length; k++) if (bytes[start + k] !== text.charCodeAt(k)) return false;
  return true;
}

/**
 * Reads the markers of a JPEG up to its first scan (SOS): frame size, sample precision, progressive or not,
 * each component's id and sampling factors, and the JFIF/Adobe markers that decide its colour space. Returns
 * undefined when the bytes are not a JPEG or no SOFn marker comes before the first scan.
 *
 * @example
 * ```ts
 * const h = readJpegHeader(readFileSync('galaxy.jpeg'));
 * h?.components; // [{ id: 1, h: 2, v: 2 }, { id: 2, h: 1, v: 1 }, { id: 3, h: 1, v: 1 }] (4:2:0)
 * ```
 */
export function readJpegHeader(bytes: Uint8Array): JpegHeader | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let jfif = false;
  let adobeTransform: number | undefined;
  let adobeTransformOffset: number | undefined;
  let i = 2;
  while (i + 3 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) { i++; continue; }
    if (marker === 0xda || marker === 0xd9) return undefined; // SOS or EOI before any SOFn
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { i += 2; continue; } // no length field
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    const body = i + 4;
    if (marker === 0xe0 && length >= 7 && ascii(bytes, body, 'JFIF\0')) jfif = true;
    if (marker === 0xee && length >= 14 && ascii(bytes, body, 'Adobe')) {
      adobeTransformOffset = body + 11;
      adobeTransform = bytes[adobeTransformOffset];
    }
    if (isSof(marker)) {
      const count = bytes[body + 5]!;
      if (body + 6 + 3 * count > bytes.length) return undefined;
      const components: JpegComponent[] = [];
      for (let c = 0; c < count; c++) {
        const at = body + 6 + 3 * c;
        components.push({ id: bytes[at]!, h: bytes[at + 1]! >> 4, v: bytes[at + 1]! & 15 });
      }
      return {
        precision: bytes[body]!,
        height: (bytes[body + 1]! << 8) | bytes[body + 2]!,
        width: (bytes[body + 3]! << 8) | bytes[body + 4]!,
        progressive: marker === 0xc2 || marker === 0xc6 || marker === 0xca || marker === 0xce,
        components,
        jfif,
        ...(adobeTransform === undefined ? {} : { adobeTransform, adobeTransformOffset }),
      };
    }
    i += 2 + length;
  }
  return undefined;
}

/**
 * The component count from the first SOFn marker (1 = greyscale, 3 = YCbCr or RGB), or undefined when none
 * is found.
 *
 * @example
 * ```ts
 * jpegComponentCount(readFileSync('grey.jpg')); // 1
 * ```
 */
export function jpegComponentCount(bytes: Uint8Array): number | undefined {
  return readJpegHeader(bytes)?.components.length;
}

/**
 * Whether a 3-component JPEG holds YCbCr (true) or RGB (false), decided as libjpeg's
 * `default_decompress_parms` does: a JFIF marker means YCbCr; else an Adobe marker's transform flag (0 = RGB);
 * else component ids 'R','G','B' mean RGB; anything else is YCbCr.
 *
 * @example
 * ```ts
 * jpegIsYCbCr(readJpegHeader(bytes)!); // true for ordinary camera/Pillow JPEGs
 * ```
 */
export function jpegIsYCbCr(header: JpegHeader): boolean {
  if (header.jfif) return true;
  if (header.adobeTransform !== undefined) return header.adobeTransform !== 0;
  const [a, b, c] = header.components.map((k) => k.id);
  return !(a === 82 && b === 71 && c === 66);
}

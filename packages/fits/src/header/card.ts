/**
 * One header card: the 80-character record `KEYWORD = value / comment`, parsed into a typed value.
 * Handles logical, integer (bigint past 2^53), float (with `D` exponents), string (`''` escapes), complex,
 * undefined values, HIERARCH keywords and commentary cards (COMMENT, HISTORY, blank keyword).
 */

/** A complex header value `(re, im)`. */
export interface FitsComplex {
  readonly re: number;
  readonly im: number;
}

/** What a header value can be: `null` stands for an undefined value (`KEY =   / comment`). */
export type FitsValue = boolean | number | bigint | string | FitsComplex | null;

/** The value types a card can hold. */
export const CARD_KINDS = Object.freeze(['value', 'commentary', 'continue', 'end'] as const);
/** One of {@link CARD_KINDS}. */
export type CardKind = (typeof CARD_KINDS)[number];

/** One parsed card. `raw` keeps the original 80 characters (all of them joined for CONTINUE'd strings). */
export interface FitsCard {
  readonly keyword: string;
  readonly kind: CardKind;
  readonly value: FitsValue;
  readonly comment: string;
  readonly raw: string;
}

/** The number of characters in one card. */
export const CARD_LENGTH = 80;

const COMMENTARY = new Set(['COMMENT', 'HISTORY', '']);
const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([EeDd][+-]?\d+)?$/;

/**
 * Parses a number as FITS writes it: integers (as `bigint` when beyond 2^53), floats with `E` or `D` exponents.
 * Returns `undefined` when the text is not a number.
 *
 * @example
 * ```ts
 * parseFitsNumber('1.5D+02'); // 150
 * parseFitsNumber('9007199254740993'); // 9007199254740993n
 * ```
 */
export function parseFitsNumber(text: string): number | bigint | undefined {
  if (INTEGER.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : BigInt(text);
  }
  if (FLOAT.test(text)) return Number(text.replace(/[Dd]/, 'E'));
  return undefined;
}

/** Reads a quoted string starting at `start` (the opening quote); returns the value and the index after it. */
function readQuoted(text: string, start: number): { value: string; end: number } {
  let out = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "'") {
      if (text[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      return { value: out.replace(/ +$/, ''), end: i + 1 };
    }
    out += ch;
    i += 1;
  }
  // NOTE: an unterminated string is kept (astropy warns and does the same) rather than failing the whole file.
  return { value: out.replace(/ +$/, ''), end: text.length };
}

/** Splits the text after `= ` into a typed value and a comment. */
function parseValueField(field: string): { value: FitsValue; comment: string } {
  const trimmed = field.trimStart();
  if (trimmed.startsWith("'")) {
    const { value, end } = readQuoted(trimmed, 0);
    const rest = trimmed.slice(end);
    const slash = rest.indexOf('/');
    return { value, comment: slash >= 0 ? rest.slice(slash + 1).trim() : '' };
  }
  let body = trimmed;
  let comment = '';
  if (trimmed.startsWith('(')) {
    const close = trimmed.indexOf(')');
    if (close > 0) {
      body = trimmed.slice(0, close + 1);
      const slash = trimmed.indexOf('/', close);
      comment = slash >= 0 ? trimmed.slice(slash + 1).trim() : '';
    }
  } else {
    const slash = trimmed.indexOf('/');
    if (slash >= 0) {
      body = trimmed.slice(0, slash);
      comment = trimmed.slice(slash + 1).trim();
    }
  }
  body = body.trim();
  if (body === '') return { value: null, comment };
  if (body === 'T') return { value: true, comment };
  if (body === 'F') return { value: false, comment };
  if (body.startsWith('(') && body.endsWith(')')) {
    const parts = body.slice(1, -1).split(',').map((p) => parseFitsNumber(p.trim()));
    if (parts.length === 2 && parts[0] !== undefined && parts[1] !== undefined) {
      return { value: { re: Number(parts[0]), im: Number(parts[1]) }, comment };
    }
  }
  const n = parseFitsNumber(body);
  // NOTE: a value that is none of the FITS types is kept as its text so that nothing is lost.
  return { value: n === undefined ? body : n, comment };
}

/**
 * Parses one 80-character card.
 *
 * @example
 * ```ts
 * parseCard("OBJECT  = 'M51 ''core'''      / target").value;       // "M51 'core'"
 * parseCard('EXPTIME =               1.5D2 / seconds').value;      // 150
 * parseCard("HIERARCH ESO DET CHIP = 'CCD1' / chip").keyword;   // 'ESO DET CHIP'
 * ```
 */
export function parseCard(raw: string): FitsCard {
  const key8 = raw.slice(0, 8).trimEnd();
  if (key8 === 'END' && raw.slice(8).trim() === '') {
    return { keyword: 'END', kind: 'end', value: null, comment: '', raw };
  }
  if (key8 === 'CONTINUE') {
    const { value, comment } = parseValueField(raw.slice(8));
    return { keyword: 'CONTINUE', kind: 'continue', value, comment, raw };
  }
  if (key8 === 'HIERARCH') {
    const eq = raw.indexOf('=', 8);
    if (eq > 0) {
      const keyword = raw.slice(8, eq).trim();
      const { value, comment } = parseValueField(raw.slice(eq + 1));
      return { keyword, kind: 'value', value, comment, raw };
    }
  }
  if (raw[8] === '=' && raw[9] === ' ') {
    const { value, comment } = parseValueField(raw.slice(10));
    return { keyword: key8, kind: 'value', value, comment, raw };
  }
  if (COMMENTARY.has(key8)) {
    return { keyword: key8, kind: 'commentary', value: raw.slice(8).trimEnd(), comment: '', raw };
  }
  // NOTE: lenient on `KEYWORD  = value` with the `=` out of column 9 (astropy warns but reads it).
  const loose = /^([A-Za-z0-9_-]+) *= ?/.exec(raw.slice(0, 11));
  if (loose) {
    const { value, comment } = parseValueField(raw.slice(loose[0].length));
    return { keyword: loose[1]!.toUpperCase(), kind: 'value', value, comment, raw };
  }
  return { keyword: key8, kind: 'commentary', value: raw.slice(8).trimEnd(), comment: '', raw };
}

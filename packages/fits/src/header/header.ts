/**
 * A FITS header: its cards in order, CONTINUE long strings joined, with typed look-ups by keyword.
 */
import { FitsError } from '../errors.js';
import { CARD_LENGTH, parseCard } from './card.js';
import type { FitsCard, FitsValue } from './card.js';

/** The size of one FITS block: headers and data units are padded to a multiple of it. */
export const BLOCK_SIZE = 2880;

const latin1 = new TextDecoder('latin1');

/**
 * The cards of one HDU header, read-only. Look-ups return the first card with that keyword (as astropy and
 * CFITSIO do); HIERARCH keywords are looked up without the `HIERARCH ` prefix (`'ESO DET CHIP'`).
 *
 * @example
 * ```ts
 * const { header } = parseHeader(bytes, 0);
 * header.get('BITPIX');        // -32
 * header.number('EXPTIME');    // 300
 * header.string('OBJECT');     // 'M51'
 * header.history();            // ['reduced with ...']
 * ```
 */
export class FitsHeader {
  readonly cards: readonly FitsCard[];
  private readonly index = new Map<string, FitsCard>();

  constructor(cards: readonly FitsCard[]) {
    this.cards = cards;
    for (const card of cards) {
      if (card.kind === 'value' && !this.index.has(card.keyword)) this.index.set(card.keyword, card);
    }
  }

  /** True when a value card with this keyword exists. */
  has(keyword: string): boolean {
    return this.index.has(keyword);
  }

  /** The value of the first card with this keyword, or `undefined` when there is none. */
  get(keyword: string): FitsValue | undefined {
    return this.index.get(keyword)?.value;
  }

  /** The card itself (value, comment, raw text). */
  card(keyword: string): FitsCard | undefined {
    return this.index.get(keyword);
  }

  /** The value as a number (`bigint` converted), or `fallback` when absent or not numeric. */
  number(keyword: string, fallback?: number): number | undefined {
    const v = this.index.get(keyword)?.value;
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    return fallback;
  }

  /** The value as a string, or `fallback` when absent or not a string. */
  string(keyword: string, fallback?: string): string | undefined {
    const v = this.index.get(keyword)?.value;
    return typeof v === 'string' ? v : fallback;
  }

  /** The value as a boolean, or `fallback`. */
  boolean(keyword: string, fallback?: boolean): boolean | undefined {
    const v = this.index.get(keyword)?.value;
    return typeof v === 'boolean' ? v : fallback;
  }

  /** Every keyword with a value, in header order, without repeats. */
  keywords(): string[] {
    return [...this.index.keys()];
  }

  /** The text of every COMMENT card. */
  comments(): string[] {
    return this.commentary('COMMENT');
  }

  /** The text of every HISTORY card. */
  history(): string[] {
    return this.commentary('HISTORY');
  }

  private commentary(keyword: string): string[] {
    return this.cards
      .filter((c) => c.kind === 'commentary' && c.keyword === keyword)
      .map((c) => String(c.value).replace(/^ {1,2}/, ''));
  }

  /** A plain object `{keyword: value}` of the value cards (first occurrence), for JSON output. */
  toRecord(): Record<string, FitsValue> {
    const out: Record<string, FitsValue> = {};
    for (const [k, c] of this.index) out[k] = c.value;
    return out;
  }
}

/** Joins `'...&'` string cards with the CONTINUE cards that follow them (the OGIP long-string convention). */
function joinContinued(cards: FitsCard[]): FitsCard[] {
  const out: FitsCard[] = [];
  for (const card of cards) {
    const prev = out[out.length - 1];
    if (
      card.kind === 'continue' &&
      prev !== undefined &&
      prev.kind === 'value' &&
      typeof prev.value === 'string' &&
      prev.value.endsWith('&') &&
      typeof card.value === 'string'
    ) {
      out[out.length - 1] = {
        ...prev,
        value: prev.value.slice(0, -1) + card.value,
        comment: [prev.comment, card.comment].filter((s) => s !== '').join(' '),
        raw: prev.raw + card.raw,
      };
      continue;
    }
    out.push(card);
  }
  return out;
}

/**
 * Parses the header that starts at `offset`: cards up to END. Returns the header and the offset of the data
 * unit (the next block boundary after END).
 *
 * @example
 * ```ts
 * const { header, dataOffset } = parseHeader(bytes, 0);
 * header.number('NAXIS'); // 2
 * dataOffset;             // 2880 (one header block)
 * ```
 */
export function parseHeader(bytes: Uint8Array, offset: number): { header: FitsHeader; dataOffset: number } {
  const cards: FitsCard[] = [];
  let pos = offset;
  for (;;) {
    if (pos + BLOCK_SIZE > bytes.length) {
      throw new FitsError('fits/truncated', `header at byte ${offset} has no END card before the end of the file (${bytes.length} bytes)`, {
        details: { offset, size: bytes.length },
      });
    }
    const block = latin1.decode(bytes.subarray(pos, pos + BLOCK_SIZE));
    pos += BLOCK_SIZE;
    for (let i = 0; i < BLOCK_SIZE; i += CARD_LENGTH) {
      const card = parseCard(block.slice(i, i + CARD_LENGTH));
      if (card.kind === 'end') return { header: new FitsHeader(joinContinued(cards)), dataOffset: pos };
      if (card.kind === 'commentary' && card.keyword === '' && String(card.value).trim() === '') continue;
      cards.push(card);
    }
  }
}

/**
 * Writing header cards: fixed-format values (right-justified in columns 11–30), strings with `''` escapes and
 * CONTINUE for long ones, HIERARCH for long keywords, COMMENT/HISTORY.
 */
import { FitsError } from '../errors.js';
import type { FitsValue } from './card.js';
import { CARD_LENGTH } from './card.js';

function pad(text: string): string {
  if (text.length > CARD_LENGTH) return text.slice(0, CARD_LENGTH);
  return text + ' '.repeat(CARD_LENGTH - text.length);
}

/** FITS text of a number: floats always carry a '.' or an 'E' so that they read back as floats. */
function formatNumber(v: number | bigint, asFloat: boolean): string {
  if (typeof v === 'bigint') return v.toString();
  if (!Number.isFinite(v)) throw new FitsError('fits/invalid-argument', `header values must be finite (got ${v})`);
  if (Number.isInteger(v) && !asFloat) return String(v);
  let s = String(v).toUpperCase();
  if (!/[.E]/.test(s)) s += '.0';
  else if (/E/.test(s) && !/\./.test(s)) s = s.replace('E', '.0E');
  return s;
}

function formatValue(value: FitsValue, asFloat: boolean): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return (value ? 'T' : 'F').padStart(20);
  if (typeof value === 'number' || typeof value === 'bigint') return formatNumber(value, asFloat).padStart(20);
  if (typeof value === 'string') return `'${value.replace(/'/g, "''").padEnd(8)}'`;
  return `(${formatNumber(value.re, true)}, ${formatNumber(value.im, true)})`.padStart(20);
}

/**
 * Formats one keyword as one or more 80-character cards (several when a long string needs CONTINUE).
 * `asFloat` writes an integral number as a float (`1.0`), for keywords such as BSCALE.
 *
 * @example
 * ```ts
 * formatCard('EXPTIME', 300.5, 'seconds')[0]; // 'EXPTIME =                300.5 / seconds' padded to 80
 * formatCard('COMMENT', 'reduced by Kenobi');
 * ```
 */
export function formatCard(keyword: string, value: FitsValue, comment = '', asFloat = false): string[] {
  const key = keyword.toUpperCase();
  if (key === 'COMMENT' || key === 'HISTORY' || key === '') {
    const text = String(value ?? '');
    const out: string[] = [];
    for (let i = 0; i === 0 || i < text.length; i += 72) out.push(pad(`${key.padEnd(8)}${text.slice(i, i + 72)}`));
    return out;
  }
  if (!/^[\x20-\x7e]*$/.test(key) || /[=]/.test(key)) throw new FitsError('fits/invalid-argument', `keyword '${keyword}' has characters FITS does not allow`);
  const prefix = key.length > 8 || key.includes(' ') ? `HIERARCH ${key} = ` : `${key.padEnd(8)}= `;
  if (typeof value === 'string') {
    const escaped = value.replace(/'/g, "''");
    const room = CARD_LENGTH - prefix.length - 2;
    if (escaped.length <= room) {
      const card = `${prefix}${formatValue(value, false)}${comment ? ` / ${comment}` : ''}`;
      return [pad(card)];
    }
    // OGIP long-string convention: '...&' then CONTINUE '...'.
    const out: string[] = [];
    let rest = value;
    let first = true;
    while (rest.length > 0) {
      const head = first ? prefix : 'CONTINUE  ';
      const space = CARD_LENGTH - head.length - 3;
      let take = Math.min(rest.length, space);
      while (take > 1 && rest.slice(0, take).replace(/'/g, "''").length > space) take -= 1;
      const piece = rest.slice(0, take);
      rest = rest.slice(take);
      out.push(pad(`${head}'${piece.replace(/'/g, "''")}${rest.length > 0 || comment ? '&' : ''}'`));
      first = false;
    }
    if (comment) out.push(pad(`CONTINUE  '' / ${comment}`));
    return out;
  }
  const card = `${prefix}${formatValue(value, asFloat)}${comment ? ` / ${comment}` : ''}`;
  return [pad(card)];
}

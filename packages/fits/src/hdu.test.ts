import { expect } from 'chai';
import { openFits } from './fits-file.js';
import { writeFits } from './writer.js';

/** Sets a card's value (or blanks the card, for `null`) in a copy; the card must exist. */
function setCard(bytes: Uint8Array, hduStart: number, keyword: string, value: string | null): Uint8Array {
  const out = bytes.slice();
  const text = new TextDecoder('latin1').decode(out.subarray(hduStart, hduStart + 2880));
  const at = text.indexOf(`${keyword.padEnd(8)}=`);
  expect(at, keyword).to.be.at.least(0);
  const card = value === null ? ' '.repeat(80) : `${keyword.padEnd(8)}= ${value.padStart(20)}`.padEnd(80);
  for (let i = 0; i < 80; i += 1) out[hduStart + at + i] = card.charCodeAt(i);
  return out;
}

describe('scanHdus: PCOUNT and GCOUNT', () => {
  // Primary (2880 header + 2880 data), then an IMAGE extension at 5760 with 2 × 2 int16.
  const file = writeFits([
    { data: Int16Array.of(1, 2, 3, 4), shape: [2, 2] },
    { data: Int16Array.of(5, 6, 7, 8), shape: [2, 2], extname: 'X' },
  ]);

  // Found by the fuzzer: a negative GCOUNT (or PCOUNT) made the data unit end before it began; the scan went
  // back to the same extension header and listed it again, forever, until the process ran out of memory.
  it('rejects a negative GCOUNT or PCOUNT with fits/invalid-header instead of looping', () => {
    for (const [key, value] of [['GCOUNT', '-500'], ['PCOUNT', '-5000'], ['GCOUNT', '-1'], ['PCOUNT', '2.5'], ['PCOUNT', "'abc'"]] as const) {
      expect(() => openFits(setCard(file, 5760, key, value)), `${key} = ${value}`).to.throw().with.property('code', 'fits/invalid-header');
    }
  });

  it('still reads GCOUNT = 1 and PCOUNT = 0, and extensions that omit them', () => {
    const f = openFits(file);
    expect(f.hdus.map((h) => h.dataBytes)).to.deep.equal([8, 8]);
    expect(Array.from(f.readImage('X').data.data as Int16Array)).to.deep.equal([5, 6, 7, 8]);
    const noCounts = setCard(setCard(file, 5760, 'PCOUNT', null), 5760, 'GCOUNT', null);
    expect(openFits(noCounts).hdus[1]!.dataBytes).to.equal(8);
  });

  it('rejects NAXISn beyond 2^53 (1E300 is an integer to JavaScript)', () => {
    expect(() => openFits(setCard(file, 0, 'NAXIS1', '1E300'))).to.throw().with.property('code', 'fits/invalid-header');
    expect(() => openFits(setCard(file, 0, 'NAXIS1', '99999999999999999999'))).to.throw().with.property('code', 'fits/invalid-header');
  });
});

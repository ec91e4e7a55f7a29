import { expect } from 'chai';
import { parseCard, parseFitsNumber } from './card.js';
import { formatCard } from './format-card.js';
import { parseHeader, BLOCK_SIZE } from './header.js';

const card = (s: string): string => s.padEnd(80);

describe('header cards', () => {
  it('types values: logical, integer, bigint, float with D exponent, complex, undefined', () => {
    expect(parseCard(card('SIMPLE  =                    T / ok')).value).to.equal(true);
    expect(parseCard(card('FLAG    =                    F')).value).to.equal(false);
    expect(parseCard(card('NAXIS1  =                 1024 / len')).value).to.equal(1024);
    expect(parseCard(card('BIG     = 9223372036854775807')).value).to.equal(9223372036854775807n);
    expect(parseCard(card('KEY_PKYD= 1.51515151515152D+01 / d')).value).to.equal(15.1515151515152);
    expect(parseCard(card('TFLOAT  =                  42. / f')).value).to.equal(42);
    expect(parseCard(card('KEY_PKYC= (1.313131E+01, 1.414141E+01) / c')).value).to.deep.equal({ re: 13.13131, im: 14.14141 });
    expect(parseCard(card('TMPCARD7=                      / comment for null keyword')).value).to.equal(null);
    expect(parseFitsNumber('abc')).to.equal(undefined);
  });

  it("reads strings with '' escapes, keeps leading and drops trailing spaces, and the comment", () => {
    const c = parseCard(card("CARD3   = '1234''' / it's a comment"));
    expect(c.value).to.equal("1234'");
    expect(c.comment).to.equal("it's a comment");
    expect(parseCard(card("KY_PKNS3= '        '")).value).to.equal('');
    expect(parseCard(card("LEAD    = '  x  '")).value).to.equal('  x');
    expect(parseCard(card("SLASH   = 'a/b' / c")).value).to.equal('a/b');
  });

  it('reads HIERARCH, COMMENT, HISTORY, and a misplaced "="', () => {
    const h = parseCard(card("HIERARCH ESO GEN EXPO NO = 13660 / n"));
    expect([h.keyword, h.value]).to.deep.equal(['ESO GEN EXPO NO', 13660]);
    expect(parseCard(card('COMMENT   and Astrophysics')).kind).to.equal('commentary');
    expect(parseCard(card("FILTER   ='0,0,0,0  '  / rows")).value).to.equal('0,0,0,0');
  });

  it('joins CONTINUE long strings in a header, and round-trips formatCard', () => {
    const long = 'x'.repeat(100) + " it's";
    const cards = [
      ...formatCard('SIMPLE', true),
      ...formatCard('BITPIX', 8),
      ...formatCard('NAXIS', 0),
      ...formatCard('LONG', long, 'note'),
      ...formatCard('HISTORY', 'step 1'),
      ...formatCard('ESO DET CHIP', 'CCD1'),
      ...formatCard('BSCALE', 2, '', true),
      'END'.padEnd(80),
    ].join('');
    expect(cards.length % 80).to.equal(0);
    const bytes = new Uint8Array(BLOCK_SIZE).fill(32);
    for (let i = 0; i < cards.length; i += 1) bytes[i] = cards.charCodeAt(i);
    const { header, dataOffset } = parseHeader(bytes, 0);
    expect(dataOffset).to.equal(BLOCK_SIZE);
    expect(header.string('LONG')).to.equal(long);
    expect(header.card('LONG')!.comment).to.equal('note');
    expect(header.history()).to.deep.equal(['step 1']);
    expect(header.get('ESO DET CHIP')).to.equal('CCD1');
    expect(header.get('BSCALE')).to.equal(2);
    expect(header.card('BSCALE')!.raw).to.contain('2.0');
  });

  it('fails with fits/truncated when END never comes', () => {
    const bytes = new Uint8Array(BLOCK_SIZE).fill(32);
    'SIMPLE  =                    T'.split('').forEach((ch, i) => (bytes[i] = ch.charCodeAt(0)));
    expect(() => parseHeader(bytes, 0)).to.throw().with.property('code', 'fits/truncated');
  });
});

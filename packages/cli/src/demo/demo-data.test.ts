import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import type { Dataset } from '@kenobi/features';
import { binaryLabels, twoClasses } from './demo-data.js';

const gz1Like: Dataset = {
  kind: 'catalog', source: 'labels.csv', targetNames: [], bandNames: [],
  classNames: ['elliptical', 'other', 'spiral'],
  items: ['elliptical', 'spiral', 'other', 'spiral', 'elliptical'].map((label, i) => ({ row: i + 2, id: `g${i}`, source: { kind: 'file', path: `${i}.jpeg` }, label })),
};

describe('demo data: two classes for the binary head', () => {
  it('refuses a catalog with more than two classes before any work, naming them and --classes', () => {
    let err: unknown;
    try { twoClasses(gz1Like, undefined, () => {}); } catch (e) { err = e; }
    expect(isKenobiError(err, 'cli/demo-classes')).to.equal(true);
    expect((err as Error).message).to.contain('elliptical, other, spiral').and.contain('--classes');
  });

  it('keeps the rows of the two chosen classes, the second positive, and says what it dropped', () => {
    const said: string[] = [];
    const ds = twoClasses(gz1Like, ['elliptical', 'spiral'], (l) => said.push(l));
    expect(ds.items.map((it) => it.id)).to.deep.equal(['g0', 'g1', 'g3', 'g4']);
    expect(ds.classNames).to.deep.equal(['elliptical', 'spiral']);
    expect(said[0]).to.contain('1 rows of other classes left out');
    const { y, classes } = binaryLabels(Int32Array.of(0, 1, 1, 0), ds.classNames);
    expect(Array.from(y)).to.deep.equal([0, 1, 1, 0]);
    expect(classes).to.deep.equal(['elliptical', 'spiral']);
  });

  it('rejects an unknown class name with the classes it has', () => {
    expect(() => twoClasses(gz1Like, ['elliptical', 'lens'], () => {})).to.throw(/no class 'lens'.*elliptical, other, spiral/);
  });
});

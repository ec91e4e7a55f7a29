import { expect } from 'chai';
import { embeddedKernels } from './embedded-kernels.js';

// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
const ADD = 'AGFzbQEAAAABBwFgAn9/AX8DAgEABwcBA2FkZAAACgkBBwAgACABagsACgRuYW1lAgMBAAA=';

describe('embedded kernels: instantiated once, switched off and on, bytes kept', () => {
  it('prepares the exports once; use(false) gives null until use(true); bytes() is the module', () => {
    let prepared = 0;
    const k = embeddedKernels(ADD, (e: { add(a: number, b: number): number }) => ({ e, n: ++prepared }));
    expect(k.load()?.e.add(2, 40)).to.equal(42);
    expect(k.load()?.n).to.equal(1);
    expect(k.use(false)).to.equal(false);
    expect(k.load()).to.equal(null);
    expect(k.use(true)).to.equal(true);
    expect(prepared, 'not instantiated again').to.equal(1);
    expect(Array.from(k.bytes().subarray(0, 4))).to.deep.equal([0, 97, 115, 109]);
  });

  it('is null where the bytes are not a module (the caller keeps its JavaScript loop)', () => {
    const k = embeddedKernels(Buffer.from('not wasm').toString('base64'), (e: object) => e);
    expect(k.load()).to.equal(null);
    expect(k.use(true)).to.equal(false);
  });
});

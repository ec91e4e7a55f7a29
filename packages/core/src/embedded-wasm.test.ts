import { expect } from 'chai';
import { base64Bytes, instantiateEmbeddedWasm } from './embedded-wasm.js';

// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
const ADD = 'AGFzbQEAAAABBwFgAn9/AX8DAgEABwcBA2FkZAAACgkBBwAgACABagsACgRuYW1lAgMBAAA=';

describe('embedded WebAssembly', () => {
  it('decodes base64 to bytes', () => {
    expect(Array.from(base64Bytes('AGFzbQ=='))).to.deep.equal([0, 97, 115, 109]);
  });

  it('instantiates a module and returns its exports; null for bytes that are not a module', () => {
    const m = instantiateEmbeddedWasm<{ add(a: number, b: number): number }>(ADD);
    expect(m?.add(2, 40)).to.equal(42);
    expect(instantiateEmbeddedWasm(Buffer.from('not wasm').toString('base64'))).to.equal(null);
  });
});

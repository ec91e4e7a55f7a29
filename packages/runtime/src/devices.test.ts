import { expect } from 'chai';
import { DEVICE_TABLE, DEVICES, isDevice } from './devices.js';

describe('device table', () => {
  it('orders auto as cuda → webgpu → cpu in Node and webgpu → wasm in the browser', () => {
    expect(DEVICE_TABLE.node.auto.map((s) => s.provider)).to.deep.equal(['cuda', 'webgpu', 'cpu']);
    expect(DEVICE_TABLE.browser.auto.map((s) => s.provider)).to.deep.equal(['webgpu', 'wasm']);
  });

  it('runs wasm on onnxruntime-web in Node and everything else there on onnxruntime-node', () => {
    expect(DEVICE_TABLE.node.wasm[0]!.ortPackage).to.equal('onnxruntime-web');
    for (const d of ['cpu', 'cuda', 'webgpu'] as const) expect(DEVICE_TABLE.node[d][0]!.ortPackage).to.equal('onnxruntime-node');
    for (const d of DEVICES) for (const s of DEVICE_TABLE.browser[d]) expect(s.ortPackage).to.equal('onnxruntime-web');
    expect(DEVICE_TABLE.browser.cuda).to.have.length(0);
  });

  it('is frozen and knows its device names', () => {
    expect(Object.isFrozen(DEVICE_TABLE.node.auto)).to.equal(true);
    expect(Object.isFrozen(DEVICES)).to.equal(true);
    expect(isDevice('webgpu')).to.equal(true);
    expect(isDevice('gpu')).to.equal(false);
  });
});

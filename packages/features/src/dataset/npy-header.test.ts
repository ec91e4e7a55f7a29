import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKenobiError, writeNpy } from '@kenobi/core';
import { npyBytes } from '../../../core/src/fuzz/npy-fuzz-case.js';
import { loadImageStack } from './image-stack.node.js';
import { readNpyHeader } from './npy-header.node.js';

describe('readNpyHeader on corrupt files (regressions from the fuzzer)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kenobi-npy-header-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, bytes: Uint8Array): string => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  };
  async function expectBad(fn: () => Promise<unknown>, mention: string): Promise<void> {
    try {
      await fn();
    } catch (e) {
      expect(isKenobiError(e, 'features/bad-dataset'), String(e)).to.equal(true);
      expect((e as Error).message).to.contain(mention);
      return;
    }
    expect.fail('expected features/bad-dataset');
  }

  it('reads a good header', async () => {
    expect(await readNpyHeader(file('ok.npy', writeNpy(new Float32Array(24), [2, 3, 4])))).to.deep.equal({ dtype: 'float32', shape: [2, 3, 4], dataOffset: 128, fortranOrder: false });
  });

  it('refuses a version 2 file of 11 bytes (was a RangeError), naming it', async () => {
    await expectBad(() => readNpyHeader(file('short.npy', npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(4), 2).subarray(0, 11))), 'short.npy');
  });

  it('refuses a header whose shape needs more data than the file holds, or is not integers', async () => {
    await expectBad(() => readNpyHeader(file('huge.npy', npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000, 100, 100), }", new Uint8Array(16)))), 'huge.npy: .npy data of shape [1000000000, 100, 100] need');
    await expectBad(() => readNpyHeader(file('nan.npy', npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (NaN, 2, 2), }", new Uint8Array(16)))), 'is not a tuple of non-negative integers');
  });

  it('refuses a stack of images with no pixels (a header N not backed by any data made N items)', async () => {
    await expectBad(() => loadImageStack(file('empty.npy', npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000, 0, 0), }", new Uint8Array(0)))), 'its images have no pixels');
  });
});

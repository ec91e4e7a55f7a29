/**
 * The WebAssembly SIMD kernels give the same bits as the JavaScript loops they stand in for: byte swaps,
 * fused int16 scaling with BLANK, and RICE_1 + dequantisation on the corpus' compressed float images.
 */
import { expect } from 'chai';
import { assembleWat } from '../../../../test/support/assemble-wat.js';
import { existsSync, readFileSync } from 'node:fs';
import { SeededRandom } from '@kenobi/core';
import { decodeBigEndian } from './big-endian.js';
import { byteKernels } from './byte-kernels.js';
import { decodeScaledFloat32 } from './scaled-decode.js';
import { toFloat } from './scaling.js';
import type { Bitpix } from './dtype.js';
import { openFits } from '../fits-file.js';
import { nodeDecoders } from '../node.js';
import { sharedDataPath, sharedRequired } from '../test-support/shared-data.js';

function randomBytes(n: number, seed: number): Uint8Array {
  const rng = new SeededRandom(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) out[i] = rng.int(256);
  return out;
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Runs `f` with the kernels off, then on, and returns both results. */
function bothWays<T>(f: () => T): [T, T] {
  byteKernels.use(false);
  try {
    const js = f();
    byteKernels.use(true);
    return [js, f()];
  } finally {
    byteKernels.use(true);
  }
}

describe('SIMD byte kernels', () => {
  it('are available in Node (WebAssembly SIMD)', () => {
    expect(byteKernels.use(true)).to.equal(true);
  });

  it('embed the module that kernels/byte-kernels.wat assembles to (rerun scripts/wasm/embed-wat.mjs after editing it)', async () => {
    const built = await assembleWat(new URL('../../kernels/byte-kernels.wat', import.meta.url));
    expect(Buffer.from(byteKernels.bytes()).equals(Buffer.from(built))).to.equal(true);
  });

  it('swap 16-, 32- and 64-bit values as the JavaScript loops do, across chunks, odd offsets and tails', () => {
    const src = randomBytes(8 * 70_001 + 3, 1);
    for (const bitpix of [16, 32, 64, -32, -64] as Bitpix[]) {
      const width = Math.abs(bitpix) / 8;
      for (const [offset, count] of [[0, 70_001], [1, 40_003], [3, 65], [8, 7]] as const) {
        const [js, simd] = bothWays(() => decodeBigEndian(src, offset, count, bitpix));
        expect(simd.length).to.equal(count);
        expect(Buffer.from(bytesOf(simd)).equals(Buffer.from(bytesOf(js))), `BITPIX ${bitpix} offset ${offset} count ${count}`).to.equal(true);
        // And against a DataView reading of one value near the end.
        const i = count - 1;
        const view = new DataView(src.buffer, src.byteOffset + offset + i * width, width);
        const expected = width === 2 ? view.getInt16(0) : width === 4 ? (bitpix < 0 ? view.getFloat32(0) : view.getInt32(0)) : bitpix < 0 ? view.getFloat64(0) : view.getBigInt64(0);
        const got = (simd as unknown as ArrayLike<number | bigint>)[i]!;
        if (typeof got === 'number' && Number.isNaN(got)) expect(Number.isNaN(expected as number)).to.equal(true);
        else expect(got).to.equal(expected);
      }
    }
  });

  it('decode scaled int16 to float32 in one pass, equal to decodeBigEndian + toFloat, BLANK included', () => {
    const n = 100_003; // more than one chunk, not a multiple of 8
    const src = randomBytes(2 * n + 1, 2);
    // Plant BLANKs (-32768 = 0x8000) at a few places, including the tail.
    for (const i of [0, 7, 8, 5000, n - 1]) {
      src[1 + 2 * i] = 0x80;
      src[2 + 2 * i] = 0x00;
    }
    for (const [bscale, bzero, blank] of [[0.05, 1000, -32768], [2, 0, undefined], [1, 7.5, -32768], [-0.25, 0, 12]] as const) {
      const reference = toFloat(decodeBigEndian(src, 1, n, 16), 16, bscale, bzero, blank) as Float32Array;
      const [js, simd] = bothWays(() => decodeScaledFloat32(src, 1, n, 16, bscale, bzero, blank));
      expect(Buffer.from(bytesOf(js.values)).equals(Buffer.from(bytesOf(reference))), `JS, BSCALE ${bscale}`).to.equal(true);
      expect(Buffer.from(bytesOf(simd.values)).equals(Buffer.from(bytesOf(reference))), `SIMD, BSCALE ${bscale}`).to.equal(true);
      expect(simd.blankCount).to.equal(js.blankCount);
      if (blank === -32768) expect(simd.blankCount).to.be.at.least(5);
    }
  });

  it('decode scaled uint8 to float32 as toFloat does', () => {
    const src = randomBytes(1001, 3);
    const reference = toFloat(decodeBigEndian(src, 0, 1001, 8), 8, 0.5, -3, 17) as Float32Array;
    const got = decodeScaledFloat32(src, 0, 1001, 8, 0.5, -3, 17);
    expect(Buffer.from(bytesOf(got.values)).equals(Buffer.from(bytesOf(reference)))).to.equal(true);
    expect(got.blankCount).to.equal(Array.from(src).filter((v) => v === 17).length);
  });

  describe('RICE_1 + dequantisation on the corpus', () => {
    const indexPath = sharedDataPath('data/fits/index.json');
    const files = existsSync(indexPath)
      ? (JSON.parse(readFileSync(indexPath, 'utf8')) as { files: { file: string; expect_error?: boolean; hdus: { index: number; kind: string; bitpix?: number; cards?: Record<string, unknown> }[] }[] }).files
      : [];
    const cases = files.flatMap((f) =>
      f.expect_error ? [] : f.hdus.filter((h) => h.kind === 'compimage' && (h.bitpix ?? 0) < 0 && String(h.cards?.['ZCMPTYPE'] ?? '').startsWith('RICE')).map((h) => ({ file: f.file, hdu: h.index })),
    );
    it('has quantised RICE_1 float images to check', function () {
      if (files.length === 0) {
        if (sharedRequired) throw new Error(`KENOBI_REQUIRE_MODELS=1 but ${indexPath} is missing`);
        this.skip();
      }
      expect(cases.length).to.be.greaterThan(0);
    });
    for (const c of cases) {
      it(`${c.file} HDU ${c.hdu}: the kernels give the JavaScript decoder's bits`, () => {
        const bytes = new Uint8Array(readFileSync(sharedDataPath('data', c.file)));
        const [js, simd] = bothWays(() => openFits(bytes, { decoders: nodeDecoders }).readImage(c.hdu).data.data);
        expect(Buffer.from(bytesOf(simd)).equals(Buffer.from(bytesOf(js)))).to.equal(true);
      });
    }
  });
});

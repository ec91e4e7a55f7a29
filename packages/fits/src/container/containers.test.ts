import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { constants, deflateRawSync, gzipSync } from 'node:zlib';
import { base64Bytes } from '@kenobi/core';
import { openFits } from '../fits-file.js';
import { FitsError } from '../errors.js';
import { writeFits } from '../writer.js';
import { nodeDecoders } from '../node.js';
import { concatBytes } from '../fuzz/fits-builder.js';
import { unixUncompress } from './unix-compress.js';
import { MAX_HEADER_BYTES, MAX_TRAILING_BYTES } from '../limits.js';
import { sharedDataPath, sharedRequired } from '../test-support/shared-data.js';
import { existsSync } from 'node:fs';

const MiB = 2 ** 20;
/** A 2 × 2 int16 primary and a 2 × 2 extension: 11,520 bytes. */
const small = writeFits([{ data: Int16Array.of(1, 2, 3, 4), shape: [2, 2] }, { data: Int16Array.of(5, 6, 7, 8), shape: [2, 2], extname: 'X' }]);

/**
 * One gzip member holding `head` then `repeat` × `piece` (a real stream: raw deflate pieces ended by sync
 * flushes, so they can be repeated; the trailer's CRC is not checked by the reader, ISIZE is right mod 2^32).
 */
function gzipRepeated(head: Uint8Array, piece: Uint8Array, repeat: number): Uint8Array {
  const flush = { finishFlush: constants.Z_SYNC_FLUSH };
  const body = deflateRawSync(piece, flush);
  const parts = [Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3), deflateRawSync(head, flush)];
  for (let i = 0; i < repeat; i += 1) parts.push(body);
  const trailer = new DataView(new ArrayBuffer(8));
  trailer.setUint32(4, (head.length + piece.length * repeat) % 2 ** 32, true);
  parts.push(Uint8Array.of(3, 0), new Uint8Array(trailer.buffer));
  return concatBytes(parts);
}

/** The `fits/too-large` error that opening `bytes` throws. */
function tooLarge(open: () => unknown): FitsError {
  try {
    open();
  } catch (e) {
    expect(e).to.be.instanceOf(FitsError);
    expect((e as FitsError).code, (e as Error).message).to.equal('fits/too-large');
    return e as FitsError;
  }
  return expect.fail('the file opened');
}

describe('containers: streamed decompression with limits', () => {
  it('opens gzip files, also with junk after the member (which used to give an empty file)', () => {
    for (const junk of [new Uint8Array(0), new Uint8Array(100), new TextEncoder().encode('trailing text'.repeat(40))]) {
      const f = openFits(concatBytes([gzipSync(small), junk]));
      expect(f.container).to.equal('gzip');
      expect(f.bytes).to.deep.equal(small);
    }
    const twoMembers = concatBytes([gzipSync(small.subarray(0, 5000)), gzipSync(small.subarray(5000))]);
    expect(openFits(twoMembers).bytes).to.deep.equal(small);
  });

  it('refuses a gzip bomb (1 GiB of zeros after an 11.5 kB FITS, 1 MB compressed) once it passes what the headers declare', () => {
    const bomb = gzipRepeated(small, new Uint8Array(MiB), 1024);
    expect(bomb.length).to.be.below(1.1 * MiB);
    const e = tooLarge(() => openFits(bomb));
    expect(e.message).to.match(/11520 bytes its FITS headers declare/);
    expect(e.details!.decompressed).to.equal(small.length + MAX_TRAILING_BYTES);
  });

  it('refuses a header with no END card (1 GiB of blank cards) after 5.76 MB', () => {
    const head = new TextEncoder().encode('SIMPLE  =                    T'.padEnd(80) + 'BITPIX  =                    8'.padEnd(80));
    const e = tooLarge(() => openFits(gzipRepeated(head, new Uint8Array(MiB).fill(32), 1024)));
    expect(e.message).to.match(/no END card/);
    expect(e.details!.decompressed).to.equal(MAX_HEADER_BYTES);
  });

  it('stops at maxBytes a file whose header declares a large image that its stream really holds', () => {
    const header = new TextDecoder('latin1').decode(writeFits([{ data: new Float32Array(1), shape: [1, 1] }]).subarray(0, 2880));
    const text = header.replace(/NAXIS([12])  =                    1/g, 'NAXIS$1  =                 2048');
    const big = gzipRepeated(Uint8Array.from(text, (c) => c.charCodeAt(0)), new Uint8Array(MiB), 16); // 16 MiB of float32 zeros
    const e = tooLarge(() => openFits(big, { maxBytes: 4 * MiB }));
    expect(e.details).to.include({ decompressed: 4 * MiB, maxBytes: 4 * MiB });
    const f = openFits(big);
    expect(f.readImage().data.shape).to.deep.equal([2048, 2048]);
    expect((f.readImage().data.data as Float32Array).every((v) => v === 0)).to.equal(true);
  });

  it('says fits/not-fits as soon as a container does not start with SIMPLE = T', () => {
    const e = (() => {
      try {
        openFits(gzipRepeated(new TextEncoder().encode('<html>'), new Uint8Array(MiB).fill(65), 1024));
      } catch (err) {
        return err as FitsError;
      }
      return expect.fail('opened');
    })();
    expect(e.code).to.equal('fits/not-fits');
  });

  // bzip2 streams from Python's bz2.compress(..., 9): a primary header declaring 10 × 10 uint8 (no data), and
  // 900,000 zero bytes. A multi-stream file repeats the second: 1,200 copies are 1.08 GB from 57 kB.
  const BZ_HEADER = 'QlpoOTFBWSZTWSI4baoAAEV+CIAAwABAAXBCNidMQBAAAAggAFRGpo0ABoAipqNDRkBoQCaJ5lSkfIWzS8lZ1j3mFAwJ1LRLFLuGbNJBelxBVeuHrGXhcgXxdyRThQkCI4baoA==';
  const BZ_ZEROS = 'QlpoOTFBWSZTWWPj7KIABuTBAMAAAgAACCAAMMwJqmmUoTapKE8XckU4UJBj4+yi';

  it('refuses a bzip2 bomb (1.08 GB of zeros from 57 kB) in Node, streaming', () => {
    const zeros = base64Bytes(BZ_ZEROS);
    const bomb = concatBytes([base64Bytes(BZ_HEADER), ...Array.from({ length: 1200 }, () => zeros)]);
    expect(bomb.length).to.be.below(60_000);
    const e = tooLarge(() => openFits(bomb, { decoders: nodeDecoders }));
    expect(e.details).to.include({ container: 'bzip2', decompressed: 2 * 2880 + MAX_TRAILING_BYTES });
    // One zero stream (900 kB) is within the padding allowed after the last HDU: that file opens.
    const ok = openFits(concatBytes([base64Bytes(BZ_HEADER), zeros]), { decoders: nodeDecoders });
    expect(ok.bytes.length).to.equal(2880 + 900_000);
    expect(ok.readImage().data.shape).to.deep.equal([10, 10]);
  });

  it('checks the output of a bzip2 decoder that returns it whole (the older Decompressor form)', () => {
    const whole = (): Uint8Array => concatBytes([small, new Uint8Array(2 * MiB)]);
    const e = tooLarge(() => openFits(Uint8Array.of(0x42, 0x5a, 0x68, 0x39), { decoders: { bzip2: whole } }));
    expect(e.details).to.include({ container: 'bzip2' });
    expect(openFits(Uint8Array.of(0x42, 0x5a, 0x68, 0x39), { decoders: { bzip2: () => small } }).hdus.length).to.equal(2);
  });

  it('hands .Z output to a writer in pieces, the same bytes as decoded whole', function () {
    const path = sharedDataPath('data/fits/nomtam/rp600245n00_im1.fits.Z');
    if (!existsSync(path)) {
      if (sharedRequired) expect.fail(`KENOBI_REQUIRE_MODELS=1 but ${path} is missing`);
      this.skip();
    }
    const z = new Uint8Array(readFileSync(path));
    const pieces: Uint8Array[] = [];
    expect(unixUncompress(z, (p) => pieces.push(p.slice())).length).to.equal(0);
    expect(pieces.length).to.be.above(1);
    expect(concatBytes(pieces)).to.deep.equal(unixUncompress(z));
  });
});

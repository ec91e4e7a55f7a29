import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { encodePng } from '@kenobi/imaging';
import { goodCutout, hugeHeaderFits, textNotFits } from '../../../features/src/test-support/hostile-cutouts.js';
import { decodeGroups } from './decode-groups.js';
import { decodeImageFiles } from './decode-image-file.js';
import { answerDecodeRequest, type DecodeReply } from './decode-request.js';
import { groupImageFiles } from './image-files.js';
import { WorkerDecoder, type SpawnDecodeWorker } from './worker-decoder.js';

/**
 * A stand-in for the app's module worker: answers through `answerDecodeRequest` (what `decode-worker.js`
 * runs), except that a file named `*hang*` never answers and `*crash*` kills the "worker".
 */
function fakeWorkers(): { spawn: SpawnDecodeWorker; started: () => number; stopped: () => number } {
  let started = 0;
  let stopped = 0;
  const spawn: SpawnDecodeWorker = (onReply, onCrash) => {
    started++;
    let alive = true;
    return {
      post: (request) => {
        const name = request.names.join(',');
        if (name.includes('hang')) return;
        if (name.includes('crash')) return void setTimeout(() => alive && onCrash('Uncaught RangeError: Array buffer allocation failed'), 5);
        void answerDecodeRequest(request).then(({ reply }) => {
          if (alive) setTimeout(() => onReply(structuredClone(reply) as DecodeReply), 1);
        });
      },
      stop: () => {
        alive = false;
        stopped++;
      },
    };
  };
  return { spawn, started: () => started, stopped: () => stopped };
}

const dropped = (name: string, bytes: Uint8Array): { name: string; arrayBuffer: () => Promise<ArrayBuffer> } => ({ name, arrayBuffer: async () => bytes.slice().buffer });

describe('@kenobi/web: dropped files decode in a worker, each on its own', function () {
  this.timeout(30_000);

  it('a hostile file gives that image an error with its reason; the others decode as on the page', async () => {
    const png = encodePng({ width: 3, height: 2, channels: 3, data: Uint8Array.from({ length: 18 }, (_, i) => i * 9) });
    const files = [
      dropped('a.fits', goodCutout(1)), dropped('empty.fits', new Uint8Array(0)), dropped('notes.fits', textNotFits()),
      dropped('huge.fits', hugeHeaderFits()), dropped('hang.fits', goodCutout(2)), dropped('crash.fits', goodCutout(3)),
      dropped('b.png', png), dropped('c.fits', goodCutout(4)),
    ];
    const workers = fakeWorkers();
    const decoder = new WorkerDecoder(workers.spawn, { timeoutMs: 400 });
    const { groups } = groupImageFiles(files);
    const images = await decodeGroups(groups, (c, b, n) => decoder.decode(c, b, n));
    const byId = Object.fromEntries(images.map((i) => [i.group.id, i]));
    expect(Object.keys(byId).sort()).to.deep.equal(['a.fits', 'b.png', 'c.fits', 'crash.fits', 'empty.fits', 'hang.fits', 'huge.fits', 'notes.fits']);
    for (const id of ['a.fits', 'b.png', 'c.fits']) {
      expect(byId[id]!.error, id).to.equal(undefined);
      const f = files.find((x) => x.name === id)!;
      expect(byId[id]!.decoded, id).to.deep.equal(await decodeImageFiles([new Uint8Array(await f.arrayBuffer())], [], [id]));
    }
    expect(byId['empty.fits']!.error).to.match(/^empty\.fits: fits\/not-fits: empty\.fits: .*empty/);
    expect(byId['notes.fits']!.error).to.match(/^notes\.fits: fits\/not-fits: .*SIMPLE/);
    expect(byId['huge.fits']!.error).to.match(/^huge\.fits: fits\/[a-z-]+: huge\.fits: /);
    expect(byId['hang.fits']!.error).to.match(/^hang\.fits: decoding took longer than 0\.4 s, so it was stopped/);
    expect(byId['crash.fits']!.error).to.match(/^crash\.fits: the decoder stopped \(Uncaught RangeError: Array buffer allocation failed\)/);
    // the hang and the crash each cost a worker; the files after them got a fresh one
    expect([workers.started(), workers.stopped()]).to.deep.equal([3, 2]);
    decoder.dispose();
  });

  it('rejects with a typed error, and queued files fail when the decoder is closed', async () => {
    const workers = fakeWorkers();
    const decoder = new WorkerDecoder(workers.spawn, { timeoutMs: 60_000 });
    const first = decoder.decode([goodCutout(1)], [], ['hang.fits']);
    const queued = decoder.decode([goodCutout(2)], [], ['later.fits']);
    decoder.dispose();
    for (const p of [first, queued]) {
      const e = await p.then(() => expect.fail('decoded after dispose'), (err: unknown) => err);
      expect(isKenobiError(e, 'web/images'), String(e)).to.equal(true);
    }
  });
});

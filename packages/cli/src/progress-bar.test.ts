import { expect } from 'chai';
import { formatProgress, progressBar } from './progress-bar.js';

class Sink { chunks: string[] = []; isTTY = false; write(s: string) { this.chunks.push(s); return true; } }

describe('progressBar', () => {
  it('formats counts, percentage, rate and ETA', () => {
    const line = formatProgress({ phase: 'extract', done: 50, total: 200, unit: 'images' }, 5, 120);
    expect(line).to.match(/^extract  \[#+\.+\]  50\/200 images  25\.0%  10\.0 images\/s  ETA 15s$/);
    expect(formatProgress({ phase: 'download', done: 3 * 1048576, unit: 'bytes' }, 1, 120)).to.equal('download  3.0 MiB  3.0 MiB/s');
  });

  it('stays quiet off a TTY until the work is complete', () => {
    const sink = new Sink();
    const bar = progressBar(sink as never);
    bar({ phase: 'p', done: 1, total: 3, unit: 'items' });
    bar({ phase: 'p', done: 2, total: 3, unit: 'items' });
    expect(sink.chunks).to.have.length(0);
    bar({ phase: 'p', done: 3, total: 3, unit: 'items' });
    expect(sink.chunks).to.have.length(1);
    expect(sink.chunks[0]).to.contain('3/3 items');
  });

  it('redraws in place on a TTY', () => {
    const sink = new Sink(); sink.isTTY = true;
    const bar = progressBar(sink as never, { intervalMs: 0 });
    bar({ phase: 'p', done: 1, total: 2, unit: 'items' });
    bar({ phase: 'p', done: 2, total: 2, unit: 'items' });
    expect(sink.chunks[0]!.startsWith('\r\x1b[2K')).to.equal(true);
    expect(sink.chunks.at(-1)).to.equal('\n');
  });
});

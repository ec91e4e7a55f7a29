import { expect } from 'chai';
import { positionalHint } from './positional-hint.js';
import { commands } from './commands/index.js';
import { runCli } from './run-cli.js';

const s = { type: 'string' } as const;

describe('cli/positional-hint: a file given without its flag', () => {
  it('names the flag the command takes for that kind of file', () => {
    expect(positionalHint({ head: s, data: s }, 'net.kenobi')).to.equal('--head net.kenobi');
    expect(positionalHint({ model: s, data: s }, 'net.kenobi')).to.equal('--model net.kenobi');
    expect(positionalHint({ model: s, data: s }, 'merged.ONNX')).to.equal('--model merged.ONNX');
    expect(positionalHint({ head: s, data: s }, 'sims/catalog.csv')).to.equal('--data sims/catalog.csv');
    expect(positionalHint({ features: s, head: s }, 'stack.npy')).to.equal('--features stack.npy');
    expect(positionalHint({ data: s }, 'cut out.fits.fz')).to.equal('--data "cut out.fits.fz"');
    expect(positionalHint({ x: s, out: s }, 'X.csv')).to.equal('--x X.csv'); // kenobi features import
  });

  it('gives none when the command has no such flag, the flag is boolean, or the kind is unknown', () => {
    expect(positionalHint({ data: s }, 'net.kenobi')).to.equal(undefined);
    expect(positionalHint({ head: { type: 'boolean' } }, 'net.kenobi')).to.equal(undefined);
    expect(positionalHint({ head: s, data: s }, 'somewhere')).to.equal(undefined);
  });

  it('kenobi evaluate net.kenobi: the usage error says --head net.kenobi', async () => {
    let err = '';
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => { err += t; return true; } } } as never;
    expect(await runCli(['evaluate', 'net.kenobi', '--data', 'sims/catalog.csv'], commands, io)).to.equal(2);
    expect(err).to.match(/got 1 \('net\.kenobi'\): did you mean --head net\.kenobi\?/);
  });
});

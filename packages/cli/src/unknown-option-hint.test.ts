import { expect } from 'chai';
import { commands } from './commands/index.js';
import { runCli } from './run-cli.js';
import { unknownOptionMessage } from './unknown-option-hint.js';

const s = { type: 'string' } as const;

describe('cli/unknown-option-hint: an option the command does not take', () => {
  it("names the command's flag for the same thing, else the nearest in spelling, else nothing", () => {
    expect(unknownOptionMessage({ head: s, backbone: s, data: s }, '--model')).to.equal('unknown option --model: did you mean --head?');
    expect(unknownOptionMessage({ model: s, data: s }, '--head=x.kenobi')).to.equal('unknown option --head: did you mean --model?');
    expect(unknownOptionMessage({ epochs: s, c: s }, '--epoch')).to.equal('unknown option --epoch: did you mean --epochs?');
    expect(unknownOptionMessage({ 'label-col': s, data: s }, '--lable-col')).to.equal('unknown option --lable-col: did you mean --label-col?');
    expect(unknownOptionMessage({ data: s, out: s }, '--zzz')).to.equal('unknown option --zzz.');
    expect(unknownOptionMessage({ data: s }, '-q')).to.equal('unknown option -q.');
  });

  for (const [argv, wanted] of [
    [['evaluate', '--model', 'net.kenobi', '--data', 'sims/catalog.csv', '--out', 'ev'], /kenobi evaluate: unknown option --model: did you mean --head\? Usage: kenobi evaluate /],
    [['predict', '--head', 'net.kenobi', '--data', 'sims/catalog.csv'], /kenobi predict: unknown option --head: did you mean --model\? Usage: kenobi predict /],
    [['train', '--features', 'f', '--head', 'linear', '--epoch', '3', '--out', 'x'], /kenobi train: unknown option --epoch: did you mean --epochs\? /],
  ] as const) {
    it(`kenobi ${argv.join(' ')}: exit 2, the hint and the usage, not Node's text about '--'`, async () => {
      let err = '';
      const io = { stdout: { write: () => true }, stderr: { write: (t: string) => { err += t; return true; } } } as never;
      expect(await runCli([...argv], commands, io)).to.equal(2);
      expect(err).to.match(wanted);
      expect(err).not.to.include('positional argument');
    });
  }
});

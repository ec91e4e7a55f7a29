/**
 * Node-only. A child module for the fuzz runner's own test: case 2 hangs, case 4 kills the process, case 6
 * throws an untyped error, case 8 keeps 8 MiB alive; every other case ends in a typed error. Not shipped.
 */
import { KenobiError } from '../kenobi-error.js';
import { isMainModule, serveFuzzCases } from './fuzz-child.node.js';
import { attempt, type StageOutcome } from './fuzz-tally.js';

const kept: Uint8Array[] = [];

if (isMainModule(import.meta.url)) {
  serveFuzzCases(() => undefined, (_state, seed, index) => {
    const stages: StageOutcome[] = [];
    attempt('work', () => {
      if (index === 2) for (;;) { /* hang */ }
      if (index === 4) process.exit(3);
      if (index === 6) throw new TypeError('sabotaged');
      if (index === 8) kept.push(new Uint8Array(8 * 2 ** 20).fill(1));
      throw new KenobiError('test/typed', 'typed');
    }, (e) => e instanceof KenobiError, stages);
    return { id: `seed ${seed} case ${index}`, inputBytes: 10, stages };
  });
}

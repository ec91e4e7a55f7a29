import { expect } from 'chai';
import { interruptSignal, STOP_SIGNALS } from './interrupt-signal.js';

describe('finetune/interrupt-signal: Ctrl-C and SIGTERM stop a fine-tuning run at the end of its step', () => {
  for (const name of STOP_SIGNALS) {
    it(`${name} aborts the signal (with the signal's name as the reason) and release() removes both handlers`, () => {
      const before = STOP_SIGNALS.map((s) => process.listenerCount(s));
      const interrupt = interruptSignal();
      expect(STOP_SIGNALS.map((s) => process.listenerCount(s))).to.deep.equal(before.map((n) => n + 1));
      expect(interrupt.signal.aborted).to.equal(false);
      process.emit(name as 'SIGINT');
      expect(interrupt.signal.aborted).to.equal(true);
      expect(interrupt.signal.reason).to.equal(name);
      interrupt.release();
      expect(STOP_SIGNALS.map((s) => process.listenerCount(s))).to.deep.equal(before);
    });
  }
});

import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { expect } from 'chai';

/** Runs a session in a fresh process (telemetry starts once per process) and reports what ORT left behind. */
function sessionInChild(env: Record<string, string | undefined>): { pid: number; debugLog: boolean; setting: string | null } {
  const script = `
    import { GraphBuilder, encodeModel } from '@kenobi/onnx';
    import { createSession } from '@kenobi/runtime';
    const b = new GraphBuilder();
    b.output(b.relu(b.input('x', 'float32', [1, 2])), { dims: [1, 2] });
    const s = await createSession(encodeModel(b.build()), { device: 'cpu' });
    await s.dispose();
    console.log(JSON.stringify({ pid: process.pid, setting: process.env.ORT_DISABLE_TELEMETRY ?? null }));`;
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) childEnv[k] = v;
  const out = execFileSync(process.execPath, ['--conditions=@kenobi/source', '--import', 'tsx', '--input-type=module', '-e', script], { env: childEnv, encoding: 'utf8' });
  const { pid, setting } = JSON.parse(out.trim().split('\n').pop()!) as { pid: number; setting: string | null };
  const path = `/tmp/mat-debug-${pid}.log`;
  const debugLog = existsSync(path);
  rmSync(path, { force: true });
  return { pid, debugLog, setting };
}

describe('onnxruntime-node telemetry is off by default', function () {
  this.timeout(60_000);
  before(function () {
    if (process.platform !== 'linux') this.skip();
  });

  it('a Kenobi session sets ORT_DISABLE_TELEMETRY=1 before ORT starts and leaves no /tmp/mat-debug-<pid>.log; a user\'s 0 is kept', () => {
    const byDefault = sessionInChild({ ORT_DISABLE_TELEMETRY: undefined });
    expect(byDefault.setting, 'the variable ORT read').to.equal('1');
    expect(byDefault.debugLog, 'telemetry debug log left behind').to.equal(false);
    // the user's choice wins (whether ORT then writes its files depends on the machine, so only the setting is checked)
    expect(sessionInChild({ ORT_DISABLE_TELEMETRY: '0' }).setting).to.equal('0');
  });
});

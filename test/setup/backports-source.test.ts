/**
 * `scripts/setup/backports-source.sh` (issue #12 §5): the bookworm-backports line comes from the machine's own apt
 * sources (deb822 and one-line forms), never from a hard-coded host.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { repoRoot } from '../support/shared.js';

const script = join(repoRoot, 'scripts/setup/backports-source.sh');

describe('scripts/setup/backports-source.sh: the backports source from the machine\'s own mirror', function () {
  let etc: string;
  beforeEach(() => {
    etc = mkdtempSync(join(tmpdir(), 'kenobi-apt-'));
    mkdirSync(join(etc, 'sources.list.d'));
    writeFileSync(join(etc, 'os-release'), 'ID=debian\nVERSION_CODENAME=bookworm\n');
  });
  afterEach(() => rmSync(etc, { recursive: true, force: true }));
  const run = (...args: string[]) => spawnSync('bash', [script, ...args], { env: { ...process.env, APT_ETC: etc, OS_RELEASE: join(etc, 'os-release') }, encoding: 'utf8' });

  it('takes the URI and keyring of the deb822 stanza for the release itself, not -security', () => {
    writeFileSync(join(etc, 'sources.list.d/debian.sources'), [
      'Types: deb', 'URIs: http://security.example/debian-security', 'Suites: bookworm-security', 'Components: main', '',
      'Types: deb deb-src', '# a comment', 'URIs: https://mirror.uni.example/debian http://second.example/debian', 'Suites: bookworm bookworm-updates',
      'Components: main', 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg', ''].join('\n'));
    const r = run('--print');
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal('deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] https://mirror.uni.example/debian bookworm-backports main');
  });

  it('skips a disabled deb822 stanza and reads one-line sources with options', () => {
    writeFileSync(join(etc, 'sources.list.d/off.sources'), 'Enabled: no\nTypes: deb\nURIs: http://off.example/debian\nSuites: bookworm\nComponents: main\n');
    writeFileSync(join(etc, 'sources.list'), '# local mirror\ndeb http://sec.example/debian-security bookworm-security main\ndeb [arch=amd64 signed-by=/etc/k.gpg] http://local.example:3142/debian bookworm main contrib\n');
    const r = run('--print');
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal('deb [signed-by=/etc/k.gpg] http://local.example:3142/debian bookworm-backports main');
  });

  it('writes <codename>-backports.list without --print', () => {
    writeFileSync(join(etc, 'sources.list'), 'deb http://m.example/debian bookworm main\n');
    execFileSync('bash', [script], { env: { ...process.env, APT_ETC: etc, OS_RELEASE: join(etc, 'os-release') }, stdio: 'pipe' });
    expect(readFileSync(join(etc, 'sources.list.d/bookworm-backports.list'), 'utf8')).to.equal('deb http://m.example/debian bookworm-backports main\n');
  });

  it('fails with a message naming the suite when no source for the release exists', () => {
    writeFileSync(join(etc, 'sources.list'), 'deb http://sec.example/debian-security bookworm-security main\n');
    const r = run('--print');
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/no apt source for suite 'bookworm'/);
  });
});

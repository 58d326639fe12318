import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runContentCli } from '../../src/cli/content/run.ts';
import { fixture, moodleFixture } from './helpers.ts';

function cli(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runContentCli(args, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

describe('content CLI', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pathwise-content-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a GIFT file into a pack folder that validates', () => {
    const out = join(dir, 'gift-pack');
    const r = cli(['import', '--format', 'gift', moodleFixture('all-types.gift.txt'), '--out', out]);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /^9 questions imported, 2 skipped: .*essay "Explain: why is 1\/3 bigger than 1\/4\?" \(line 18\) not auto-gradable\n$/,
    );
    const v = cli(['validate', out]);
    assert.equal(v.code, 0);
    assert.equal(v.out, `${out}: valid (3 skills, 9 items)\n`);
  });

  it('writes nothing and exits 2 when the source is malformed', () => {
    const out = join(dir, 'broken.json');
    const r = cli(['import', '--format', 'moodle-xml', fixture('grades-not-100.xml'), '--out', out]);
    assert.equal(r.code, 2);
    assert.match(r.err, /grades-not-100\.xml:3: Question "Primes": the right answers add up to 80%/);
    assert.ok(!existsSync(out));
  });

  it('validate prints every problem and exits 2', () => {
    const r = cli(['validate', fixture('cyclic-pack.yaml')]);
    assert.equal(r.code, 2);
    assert.equal(r.out, 'skills[0].prerequisites: prerequisite cycle: a -> c -> b -> a\n');
  });

  it('runs through npm as documented and validates the bundled pack', function () {
    this.timeout(120_000);
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const p = spawnSync(
      'npm',
      [
        'run',
        '--silent',
        'content',
        '--',
        'import',
        '--format',
        'moodle-xml',
        moodleFixture('all-types.moodle.xml'),
        '--out',
        join(dir, 'xml.json'),
      ],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(p.status, 0, p.stderr);
    assert.match(p.stdout, /^9 questions imported, 11 skipped: ddimageortext "Number line: drag the fractions" \(line 15\)/);
    assert.ok(existsSync(join(dir, 'files', 'picture-what-fraction-of-the-bar-is-shaded', 'bar-3-of-8.png')));
    // The bundled pack through the same entry point, in-process (one npm start-up is enough here).
    const v = cli(['validate', join(root, 'src/domain/content/packs/fractions')]);
    assert.equal(v.code, 0, v.err);
    assert.match(v.out, /valid \(15 skills, \d+ items\)/);
  });
});

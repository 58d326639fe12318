import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMasteryCli } from '../../scripts/research/mastery/run.ts';
import { compiled } from '../support/compiled.ts';
import {
  fitSkills,
  buildDataset,
  initialMasteryState,
  predictCorrect,
  updateMastery,
  type SkillFit,
} from '../../src/domain/mastery/index.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runMasteryCli(argv, { write: async (c) => void (stdout += c) }, (t) => (stderr += t));
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'mastery-cli-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function expectBadInput(pattern: RegExp, ...argv: string[]): Promise<void> {
  const r = await cli(...argv);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, pattern);
}

describe('mastery CLI', function () {
  this.timeout(30000);
  // Two skills, rows out of order, an item column with a quoted value, a missing answer.
  const small = file(
    'small.csv',
    [
      'order_id,user_id,skill_name,correct,item',
      '4,u1,add,1,"i,2"',
      '1,u1,add,0,i1',
      '2,u2,add,1,i1',
      '3,u2,add,,i1',
      '5,u2,add,1,"i,2"',
      '6,u1,12,1,i1',
      '7,u1,12,0,i1',
      '8,u3,add,0,i1',
    ].join('\n') + '\n',
  );

  it('fits every skill and prints the documented JSON shape in order of first appearance', async () => {
    const r = await cli('fit', '--input', small, '--restarts', '2', '--seed', '4');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(Object.keys(JSON.parse(r.stdout)), ['12', 'add']);
    assert.ok(r.stdout.indexOf('"add"') < r.stdout.indexOf('"12"'));
    const add = (JSON.parse(r.stdout) as Record<string, SkillFit>).add as SkillFit;
    assert.deepEqual(Object.keys(add), ['prior', 'learns', 'forgets', 'guesses', 'slips', 'classes', 'logLikelihood', 'iterations']);
    assert.deepEqual(add.classes, { gs: ['default'], learn: ['default'] });
  });

  it('starts from --init exactly and runs --iterations rounds with --tol -1, like fitSkills', async () => {
    const init = file(
      'init.json',
      JSON.stringify({ add: { prior: 0.4, learns: [0.2], guesses: [0.2, 0.3], slips: [0.1, 0.1], classes: { gs: ['i,2', 'i1'] } } }),
    );
    const r = await cli(
      'fit',
      '--input',
      small,
      '--skills',
      '^add$',
      '--multigs',
      'item',
      '--init',
      init,
      '--restarts',
      '1',
      '--tol',
      '-1',
      '--iterations',
      '4',
    );
    assert.equal(r.code, 0, r.stderr);
    const add = (JSON.parse(r.stdout) as Record<string, SkillFit>).add as SkillFit;
    assert.equal(add.iterations, 4);
    // first appearance in sorted data: u1 order 1 is i1
    assert.deepEqual(add.classes.gs, ['i1', 'i,2']);
    const rows = [
      { userId: 'u1', skill: 'add', order: 4, correct: 1, gsClass: 'i,2' },
      { userId: 'u1', skill: 'add', order: 1, correct: 0, gsClass: 'i1' },
      { userId: 'u2', skill: 'add', order: 2, correct: 1, gsClass: 'i1' },
      { userId: 'u2', skill: 'add', order: 3, correct: -1, gsClass: 'i1' },
      { userId: 'u2', skill: 'add', order: 5, correct: 1, gsClass: 'i,2' },
      { userId: 'u3', skill: 'add', order: 8, correct: 0, gsClass: 'i1' },
    ];
    const want = fitSkills(buildDataset(rows), {
      init: { prior: 0.4, learns: 0.2, guesses: [0.3, 0.2], slips: 0.1 },
      restarts: 1,
      tol: -1,
      iterations: 4,
    });
    assert.deepEqual(add, want.get('add'));
  });

  it('gives the same fit with two worker threads as on one thread', async () => {
    const a = await cli('fit', '--input', small, '--seed', '3');
    const b = await cli('fit', '--input', small, '--seed', '3', '--workers', '2');
    assert.equal(b.code, 0, b.stderr);
    assert.equal(b.stdout, a.stdout);
  });

  it('predicts P(correct) before each row and P(mastered) after it, rows in input order', async () => {
    const params = { prior: 0.3, learns: [0.2], forgets: [0], guesses: [0.25], slips: [0.1] };
    const pfile = file('params.json', JSON.stringify({ add: params, '12': params }));
    const r = await cli('predict', '--input', small, '--params', pfile);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], 'order_id,user_id,skill_name,correct,item,correct_predictions,state_predictions');
    assert.equal(lines.length, 9);
    // u1/add: order 1 (wrong), then order 4 (right) on line 2 of the input
    const s1 = updateMastery(params, initialMasteryState(params), { correct: false });
    const s2 = updateMastery(params, s1, { correct: true });
    assert.equal(lines[1], `4,u1,add,1,"i,2",${predictCorrect(params, s1)},${s2.pMastered}`);
    assert.equal(lines[2], `1,u1,add,0,i1,${predictCorrect(params, initialMasteryState(params))},${s1.pMastered}`);
  });

  it('evaluates the requested metrics on a test file', async () => {
    const r = await cli('evaluate', '--train', small, '--test', small, '--metric', 'rmse', '--metric', 'accuracy');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(Object.keys(JSON.parse(r.stdout)), ['rmse', 'accuracy']);
  });

  it('cross-validates by student with per-fold and mean metrics, reproducibly', async () => {
    const gen = await cli(
      'generate',
      '--students',
      '30',
      '--length',
      '10',
      '--prior',
      '0.2',
      '--learn',
      '0.2',
      '--guess',
      '0.2',
      '--slip',
      '0.1',
      '--seed',
      '1',
    );
    const data = file('gen.csv', gen.stdout);
    const a = await cli('crossvalidate', '--input', data, '--folds', '3', '--seed', '5', '--metric', 'auc');
    const b = await cli('crossvalidate', '--input', data, '--folds', '3', '--seed', '5', '--metric', 'auc');
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    const out = JSON.parse(a.stdout) as { folds: { auc: number }[]; mean: { auc: number } };
    assert.equal(out.folds.length, 3);
    assert.ok(Math.abs(out.mean.auc - out.folds.reduce((s, f) => s + f.auc, 0) / 3) < 1e-12);
  });

  it('generates reproducible synthetic data with the pyBKT columns', async () => {
    const args = ['generate', '--students', '3', '--length', '4', '--prior', '0.1', '--learn', '0.3'];
    args.push('--guess', '0.1', '--slip', '0.03', '--forget', '0.1', '--seed', '9');
    const a = await cli(...args);
    const b = await cli(...args);
    assert.equal(a.stdout, b.stdout);
    const lines = a.stdout.trim().split('\n');
    assert.equal(lines[0], 'order_id,user_id,skill_name,correct');
    assert.equal(lines.length, 13);
    assert.match(lines[12] as string, /^12,3,skill,[01]$/);
  });

  describe('bad input: message with line number on stderr, exit 2, nothing on stdout', () => {
    it('rejects a missing column', () =>
      expectBadInput(/line 1: missing column "skill_name"/, 'fit', '--input', file('nocol.csv', 'order_id,user_id,correct\n1,a,1\n')));
    it('rejects a correct value outside 1, 0, -1, empty', () =>
      expectBadInput(
        /line 3: correct must be 1, 0, -1 or empty, got "yes"/,
        'fit',
        '--input',
        file('badc.csv', 'order_id,user_id,skill_name,correct\n1,a,s,1\n2,a,s,yes\n'),
      ));
    it('rejects a non-numeric order_id', () =>
      expectBadInput(
        /line 2: order_id "first" is not a number/,
        'fit',
        '--input',
        file('bado.csv', 'order_id,user_id,skill_name,correct\nfirst,a,s,1\n'),
      ));
    it('rejects a row with the wrong number of fields', () =>
      expectBadInput(
        /line 2: expected 4 fields, found 3/,
        'fit',
        '--input',
        file('badw.csv', 'order_id,user_id,skill_name,correct\n1,a,s\n'),
      ));
    it('rejects an unknown flag', () => expectBadInput(/unknown option --iters for fit/, 'fit', '--input', small, '--iters', '3'));
    it('rejects an unreadable file', () => expectBadInput(/cannot read .*missing\.csv/, 'fit', '--input', join(dir, 'missing.csv')));
    it('rejects a missing class column named by --multigs', () =>
      expectBadInput(/line 1: missing column "template"/, 'fit', '--input', small, '--multigs', 'template'));
    it('rejects an invalid --init file', () =>
      expectBadInput(
        /--init .*prior/,
        'fit',
        '--input',
        small,
        '--init',
        file('badinit.json', '{"prior": 2, "learns": [0.1], "guesses": [0.1], "slips": [0.1]}'),
      ));
    it('rejects predicting a skill the parameters do not have, at its first line', () =>
      expectBadInput(
        /line 7: no parameters for skill "12"/,
        'predict',
        '--input',
        small,
        '--params',
        file('p1.json', JSON.stringify({ add: { prior: 0.1, learns: [0.1], forgets: [0], guesses: [0.1], slips: [0.1] } })),
      ));
    it('rejects an unknown command', () => expectBadInput(/unknown command "fitt"/, 'fitt'));

    it('exits 2 with empty stdout as a real process', async () => {
      const r = spawnSync(process.execPath, [await compiled('scripts/mastery.ts'), 'fit', '--input', join(dir, 'badc.csv')], {
        encoding: 'utf8',
      });
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /line 3/);
    });
  });
});

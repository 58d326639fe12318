import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContentImportError } from '../../src/domain/content/index.ts';
import { importGift } from '../../src/domain/content/import/gift.ts';
import { MOODLE_GRADES, matchGrade } from '../../src/domain/content/import/grades.ts';
import { importMoodleXml } from '../../src/domain/content/import/moodleXml.ts';
import { runContentCli } from '../../src/cli/content/run.ts';
import { moodleFixture } from './helpers.ts';

/** The grades Moodle 4.1 lists, as Moodle writes them in an export (percent). */
const ALLOWED = ['100', '90', '83.33333', '80', '75', '70', '66.66667', '60', '50', '40', '33.33333', '30', '25', '20', '16.66667', '14.28571', '12.5', '11.11111', '10', '5', '0'];
const ALL = [...ALLOWED, ...ALLOWED.filter((v) => v !== '0').map((v) => `-${v}`)];
const NEAR_MISSES = ['33', '33.3', '66.6', '66.67', '83.3', '14.3', '12.6', '11.1', '45', '99.9', '0.5', '-33', '-45', '101', '-101', '1e2'];

function problems(run: () => unknown): { line: number; message: string }[] {
  try { run(); } catch (e) { assert.ok(e instanceof ContentImportError); return e.problems; }
  assert.fail('expected the import to be refused');
}

const xmlShortAnswer = (grade: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="shortanswer">
    <name><text>Half of ten</text></name>
    <questiontext format="html"><text>What is half of 10?</text></questiontext>
    <answer fraction="100"><text>5</text></answer>
    <answer fraction="${grade}"><text>five-ish</text></answer>
  </question>
</quiz>
`;
const giftShortAnswer = (grade: string): string => `::Half of ten:: What is half of 10? {=5 =%${grade}%five-ish}\n`;
const scoreOf = (pack: Record<string, unknown>): number => ((pack.items as { answers: { score: number }[] }[])[0]!.answers[1]!.score);

describe('Moodle grade rules', () => {
  it('has exactly the 41 grades of Moodle 4.1 (21 from 0 to 100%, and 20 negatives)', () => {
    assert.equal(MOODLE_GRADES.length, 41);
    assert.deepEqual(ALL.map((v) => matchGrade(Number(v)) !== null), ALL.map(() => true));
    assert.equal(matchGrade(33.333), 1 / 3, 'within Moodle\'s 0.00001 tolerance');
  });

  it('imports every allowed grade from Moodle XML and GIFT with the exact fraction', () => {
    for (const v of ALL) {
      const want = matchGrade(Number(v))!;
      assert.ok(Math.abs(want - Number(v) / 100) < 1e-5, v);
      assert.equal(scoreOf(importMoodleXml(xmlShortAnswer(v)).pack), want, `XML ${v}`);
      assert.equal(scoreOf(importGift(giftShortAnswer(v)).pack), want, `GIFT ${v}`);
    }
  });

  it('refuses every near-miss, naming the question, the answer, the value and the nearest allowed grade', () => {
    for (const v of NEAR_MISSES) {
      const xml = problems(() => importMoodleXml(xmlShortAnswer(v)));
      assert.equal(xml.length, 1, v);
      assert.equal(xml[0]!.line, 7, v);
      if (v === '1e2') { assert.match(xml[0]!.message, /the grade "1e2" is not a number/); continue; }
      assert.match(xml[0]!.message, new RegExp(`^Question "Half of ten", answer "five-ish": ${v.replace('.', '\\.')}% is not a grade Moodle allows\\. Change it to -?[\\d.]+% or another`), v);
      assert.equal(problems(() => importGift(giftShortAnswer(v))).length, 1, `GIFT ${v}`);
    }
    assert.match(problems(() => importMoodleXml(xmlShortAnswer('33')))[0]!.message, /Change it to 33\.33333% /);
    assert.match(problems(() => importMoodleXml(xmlShortAnswer('-45')))[0]!.message, /Change it to -(40|50)% /);
  });

  it('applies Moodle\'s sum rule for each question type', () => {
    const mc = (single: boolean, grades: string[]): string => `<quiz><question type="multichoice"><name><text>Pick</text></name><questiontext format="html"><text>Pick</text></questiontext><single>${single}</single>${grades.map((g, i) => `<answer fraction="${g}"><text>c${i}</text></answer>`).join('')}</question></quiz>`;
    assert.match(problems(() => importMoodleXml(mc(true, ['50', '0'])))[0]!.message, /^Question "Pick": the best answer is worth 50%, but .* must be worth 100%/);
    assert.doesNotThrow(() => importMoodleXml(mc(true, ['100', '50', '-50'])));
    assert.match(problems(() => importMoodleXml(mc(false, ['50', '30', '-100'])))[0]!.message, /the right answers add up to 80%/);
    assert.doesNotThrow(() => importMoodleXml(mc(false, ['33.33333', '33.33333', '33.33333', '-100'])), '3 x 33.33333% rounds to 100%');
    assert.doesNotThrow(() => importMoodleXml(mc(false, ['50', '50', '-50', '-50'])));
    assert.match(problems(() => importMoodleXml(mc(true, ['100'])))[0]!.message, /needs at least 2 answers/);
    assert.match(problems(() => importMoodleXml(xmlShortAnswer('50').replace('fraction="100"', 'fraction="90"')))[0]!.message, /^Question "Half of ten": no answer is worth 100%/);
    const num = `<quiz><question type="numerical"><name><text>Quarter</text></name><questiontext><text>1/4 as a decimal?</text></questiontext><answer fraction="50"><text>0.25</text><tolerance>0</tolerance></answer></question></quiz>`;
    assert.match(problems(() => importMoodleXml(num))[0]!.message, /^Question "Quarter": no answer is worth 100%/);
    const tf = readFileSync(moodleFixture('truefalse.moodle.xml'), 'utf8').replace('fraction="100"', 'fraction="50"');
    assert.match(problems(() => importMoodleXml(tf))[0]!.message, /one of "True" and "False" must be worth 100% and the other 0%/);
    assert.match(problems(() => importGift('::G:: Pick {~%50%a ~%30%b ~c}'))[0]!.message, /add up to 80%/);
  });

  it('the CLI refuses a real export edited to fraction="33", says what to do, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pathwise-grades-'));
    try {
      const real = readFileSync(moodleFixture('shortanswer.moodle.xml'), 'utf8');
      assert.ok(real.includes('<answer fraction="50"'));
      const src = join(dir, 'bank.xml');
      writeFileSync(src, real.replace('<answer fraction="50"', '<answer fraction="33"'));
      let err = '';
      const code = runContentCli(['import', '--format', 'moodle-xml', src, '--out', join(dir, 'pack')], { out: () => undefined, err: (t) => { err += t; } });
      assert.equal(code, 2);
      assert.match(err, /bank\.xml:\d+: Question "[^"]+", answer "[^"]+": 33% is not a grade Moodle allows\. Change it to 33\.33333%/);
      assert.match(err, /nothing was imported/);
      assert.ok(!existsSync(join(dir, 'pack')));
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});

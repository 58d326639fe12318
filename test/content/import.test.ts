import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAnswer, ContentImportError, instantiateItem, loadPack, presentItem } from '../../src/domain/content/index.ts';
import { summarise } from '../../src/domain/content/import/common.ts';
import { importGift } from '../../src/domain/content/import/gift.ts';
import { importMoodleXml } from '../../src/domain/content/import/moodleXml.ts';
import { runContentCli } from '../../src/cli/content/run.ts';
import { fixture, moodleFixture } from './helpers.ts';

const read = (p: string): string => readFileSync(p, 'utf8');
type RawItem = Record<string, unknown> & { id: string; type: string; class: string; skills: string[] };
const itemsOf = (pack: Record<string, unknown>): RawItem[] => pack.items as RawItem[];

function importErrors(run: () => unknown): { line: number; message: string }[] {
  try { run(); } catch (e) { assert.ok(e instanceof ContentImportError); return e.problems; }
  assert.fail('expected the import to fail');
}

function cli(args: string[]): { code: number; out: string; err: string } {
  let out = ''; let err = '';
  const code = runContentCli(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

const SKILL = 'fractions-grades-3-6';
const WORDS = 'fractions-grades-3-6-fraction-words-and-simplest-form';
const COMPUTING = 'fractions-grades-3-6-computing-with-fractions';
/** The 9 questions of the real export that Pathwise serves, in file order, with their Moodle type. */
const SERVED: [string, string, string][] = [
  ['match-fractions-to-decimals', 'matching', 'matching'],
  ['chocolate-bar-3-of-8-pieces-eaten', 'multichoice', 'choice'],
  ['fractions-equal-to-one-half-choose-all', 'multichoice', 'choice'],
  ['picture-what-fraction-of-the-bar-is-shaded', 'multichoice', 'choice'],
  ['three-quarters-is-more-than-two-thirds', 'truefalse', 'truefalse'],
  ['name-of-the-bottom-number', 'shortanswer', 'text'],
  ['name-of-the-top-number', 'shortanswer', 'text'],
  ['simplify-four-eighths', 'shortanswer', 'text'],
  ['three-quarters-of-a-metre-of-ribbon', 'numerical', 'numeric'],
];

/** Checks the served questions of a real export with Pathwise's own checker (shared by GIFT and XML). */
function checksLikeMoodle(packData: Record<string, unknown>): void {
  const pack = loadPack(packData);
  const half = instantiateItem(pack, 'fractions-equal-to-one-half-choose-all', 1);
  const id = (t: string): string => (half.question.type === 'choice' ? half.question.choices.find((c) => c.text === t)!.id : '');
  assert.equal(checkAnswer(half, [id('2/4'), id('4/8')]).outcome, 'correct');
  assert.equal(checkAnswer(half, [id('2/4')]).score, 0.5);
  assert.equal(checkAnswer(half, [id('2/4'), id('2/3')]).score, 0, '50% - 50% = 0');
  assert.equal(checkAnswer(half, [id('2/3'), id('3/5')]).score, 0, 'negative marks never take the score below 0');
  const simplest = instantiateItem(pack, 'simplify-four-eighths', 1);
  assert.equal(checkAnswer(simplest, '1/2').outcome, 'correct');
  assert.equal(checkAnswer(simplest, 'one half').outcome, 'correct', '"*half" is a Moodle wildcard');
  assert.equal(checkAnswer(simplest, '2/4').score, 0.5);
  assert.equal(checkAnswer(simplest, '3/6').feedback, 'Not quite. Find the biggest number that divides both 4 and 8.', '"*" is the catch-all at 0%');
  assert.equal(checkAnswer(instantiateItem(pack, 'name-of-the-top-number', 1), 'numerater').score, 0.5);
  const bar = instantiateItem(pack, 'chocolate-bar-3-of-8-pieces-eaten', 1);
  const barId = (t: string): string => (bar.question.type === 'choice' ? bar.question.choices.find((c) => c.text === t)!.id : '');
  assert.equal(checkAnswer(bar, barId('3/8')).outcome, 'correct');
  assert.equal(checkAnswer(bar, barId('5/8')).feedback, '5/8 is the part of the bar that is left, not the part Sam ate.');
  const tf = instantiateItem(pack, 'three-quarters-is-more-than-two-thirds', 1);
  assert.equal(checkAnswer(tf, true).outcome, 'correct');
  assert.equal(checkAnswer(tf, false).feedback, 'Try writing both fractions in twelfths: 3/4 = 9/12 and 2/3 = 8/12.');
  const ribbon = instantiateItem(pack, 'three-quarters-of-a-metre-of-ribbon', 1);
  assert.notEqual(checkAnswer(ribbon, '75').outcome, 'incorrect');
  assert.equal(checkAnswer(ribbon, '25').outcome, 'incorrect');
  assert.equal(checkAnswer(ribbon, '80').outcome, 'incorrect');
  const match = instantiateItem(pack, 'match-fractions-to-decimals', 1);
  assert.deepEqual(presentItem(match).matching?.options.slice().sort(), ['0.1', '0.2', '0.25', '0.5', '0.75']);
}

describe('GIFT import (real Moodle 4.1 export)', () => {
  const result = importGift(read(moodleFixture('all-types.gift.txt')), { sourceName: 'all-types.gift.txt' });

  it('imports the 9 gradable questions and skips the description and the essay with their lines', () => {
    assert.equal(result.imported.length, 9);
    assert.deepEqual(result.skipped, [
      { name: 'Fractions warm-up (information)', line: 15, type: 'description', reason: 'is a description, not a question' },
      { name: 'Explain: why is 1/3 bigger than 1/4?', line: 18, type: 'essay', reason: 'not auto-gradable' },
    ]);
    assert.match(summarise(result), /^9 questions imported, 2 skipped: description "Fractions warm-up \(information\)" \(line 15\)/);
  });

  it('maps each Moodle type to ours and turns $CATEGORY lines (without Moodle\'s hidden "top") into skills', () => {
    assert.deepEqual(itemsOf(result.pack).map((i) => [i.id, i.type]), SERVED.map(([id, , t]) => [id, t]));
    assert.deepEqual(result.imported.map((i) => i.type), SERVED.map(([, m]) => m));
    assert.deepEqual(itemsOf(result.pack).map((i) => i.skills[0]), [SKILL, SKILL, SKILL, SKILL, SKILL, WORDS, WORDS, WORDS, COMPUTING]);
    const byId = Object.fromEntries(itemsOf(result.pack).map((i) => [i.id, i]));
    assert.deepEqual((byId['fractions-equal-to-one-half-choose-all']!.choices as { score: number }[]).map((c) => c.score), [0.5, 0.5, -0.5, -0.5]);
    assert.deepEqual((byId['simplify-four-eighths']!.answers as { text: string; score: number }[]).map((a) => [a.text, a.score]), [['1/2', 1], ['*half', 1], ['2/4', 0.5], ['*', 0]]);
    assert.deepEqual(byId['three-quarters-of-a-metre-of-ribbon']!.answers, [
      { value: 75, tolerance: 1, score: 1, feedback: 'Yes, 75 cm.' },
      { value: 25, tolerance: 0, score: 0, feedback: '25 cm is the piece that is left, not the piece she cut off.' },
    ]);
    assert.equal(byId['three-quarters-is-more-than-two-thirds']!.feedbackFalse, 'Try writing both fractions in twelfths: 3/4 = 9/12 and 2/3 = 8/12.', 'GIFT puts the wrong-answer feedback first');
    assert.equal((byId['match-fractions-to-decimals']!.feedback as Record<string, string>).general, '1/2 = 0.5, 1/4 = 0.25, 3/4 = 0.75, 1/10 = 0.1.');
    assert.deepEqual(byId['match-fractions-to-decimals']!.distractors, ['0.2']);
  });

  it('produces a pack whose items check answers with Moodle partial credit, wildcards and negative marks', () => {
    checksLikeMoodle(result.pack);
  });

  it('rejects malformed GIFT with line numbers and imports nothing', () => {
    assert.deepEqual(importErrors(() => importGift(read(fixture('unclosed-brace.gift.txt')))), [{ line: 3, message: 'unclosed "{": every answer block needs a closing "}"' }]);
    assert.deepEqual(importErrors(() => importGift(read(fixture('bad-weight.gift.txt')))), [{ line: 4, message: 'Question "Pick two", answer "4": the grade "fifty" is not a number. Give it one of Moodle\'s grades, such as 100%, 50% or 0%.' }]);
    assert.deepEqual(importErrors(() => importGift(read(fixture('weights-not-100.gift.txt')))), [{ line: 1, message: 'Question "Pick all": the right answers add up to 80%, but with several right answers they must add up to 100% (for example 50% + 50%, or 3 × 33.33333%). Change their grades so they add up to 100%.' }]);
  });

  it('reads categories, escapes and a nested-category prerequisite chain on request', () => {
    const r = importGift(read(moodleFixture('all-types.gift.txt')), { nestedAsPrerequisites: true });
    assert.deepEqual((r.pack.skills as { id: string; prerequisites: string[] }[]).map((s) => [s.id, s.prerequisites]), [[SKILL, []], [WORDS, [SKILL]], [COMPUTING, [SKILL]]]);
    assert.equal(result.imported[1]!.name, 'Chocolate bar: 3 of 8 pieces eaten', '"\\:" is an escaped colon');
  });
});

describe('Moodle XML import (real Moodle 4.1 export)', () => {
  const result = importMoodleXml(read(moodleFixture('all-types.moodle.xml')), { sourceName: 'all-types.moodle.xml' });

  it('imports the 9 questions Pathwise can serve and skips the other 11 with their line and reason', () => {
    assert.deepEqual(result.imported.map((i) => [i.itemId, i.type, i.line]), SERVED.map(([id, m], k) => [id, m === 'match' ? 'matching' : m, [291, 378, 439, 503, 559, 632, 665, 698, 1164][k]]));
    assert.deepEqual(result.skipped.map((s) => [s.type, s.line, s.reason]), [
      ['ddimageortext', 15, 'drag-and-drop questions are not supported'],
      ['ddmarker', 93, 'drag-and-drop questions are not supported'],
      ['ddwtos', 149, 'drag-and-drop questions are not supported'],
      ['description', 198, 'is a description, not a question'],
      ['essay', 215, 'not auto-gradable'],
      ['gapselect', 247, 'select-missing-words questions are not supported'],
      ['cloze', 358, 'embedded answers (cloze) are not supported yet'],
      ['randomsamatch', 599, 'random matching draws from other questions and cannot be converted'],
      ['calculated', 757, 'calculated questions are not supported yet'],
      ['calculatedmulti', 894, 'calculated questions are not supported yet'],
      ['calculatedsimple', 1029, 'calculated questions are not supported yet'],
    ]);
  });

  it('keeps the category hierarchy with Moodle\'s category descriptions', () => {
    assert.deepEqual(itemsOf(result.pack).map((i) => [i.type, i.class, i.skills[0]]), [
      ['matching', 'moodle-matching', SKILL], ['choice', 'moodle-multichoice', SKILL], ['choice', 'moodle-multichoice-multi', SKILL],
      ['choice', 'moodle-multichoice', SKILL], ['truefalse', 'moodle-truefalse', SKILL], ['text', 'moodle-shortanswer', WORDS],
      ['text', 'moodle-shortanswer', WORDS], ['text', 'moodle-shortanswer', WORDS], ['numeric', 'moodle-numerical', COMPUTING],
    ]);
    const skills = result.pack.skills as { id: string; parent?: string; prerequisites: string[]; description: string }[];
    assert.deepEqual(skills.map((s) => [s.id, s.parent ?? null, s.prerequisites]), [[SKILL, null, []], [WORDS, SKILL, []], [COMPUTING, SKILL, []]]);
    assert.equal(skills[2]!.description, 'Numerical and calculated questions.');
  });

  it('turns nested categories into prerequisite chains only when asked', () => {
    const chained = importMoodleXml(read(moodleFixture('all-types.moodle.xml')), { nestedAsPrerequisites: true });
    const skills = chained.pack.skills as { id: string; parent?: string; prerequisites: string[] }[];
    assert.deepEqual(skills.map((s) => [s.id, s.prerequisites]), [[SKILL, []], [WORDS, [SKILL]], [COMPUTING, [SKILL]]]);
    assert.ok(skills.every((s) => s.parent === undefined));
  });

  it('keeps feedback, hints, units and the embedded picture, and checks answers like Moodle', () => {
    const byId = Object.fromEntries(itemsOf(result.pack).map((i) => [i.id, i]));
    const bar = byId['chocolate-bar-3-of-8-pieces-eaten']!;
    assert.deepEqual(bar.feedback, {
      general: 'The bar has 8 equal pieces, so the denominator is 8. Sam ate 3 of them, so the numerator is 3: 3/8.',
      correct: 'Well done, that is right!', incorrect: 'Not this time. Read the hint and try again.',
    });
    assert.deepEqual(bar.hints, ['How many equal pieces make the whole bar? That number goes at the bottom.', 'How many pieces did Sam eat? That number goes on top.']);
    assert.deepEqual(byId['three-quarters-of-a-metre-of-ribbon']!.units, [{ unit: 'cm', multiplier: 1 }, { unit: 'mm', multiplier: 10 }, { unit: 'm', multiplier: 0.01 }]);
    const picture = String(byId['picture-what-fraction-of-the-bar-is-shaded']!.prompt);
    assert.match(picture, /<img src="files\/picture-what-fraction-of-the-bar-is-shaded\/bar-3-of-8\.png" alt="A bar of 8 equal parts with 3 parts shaded blue"/);
    assert.equal(result.files.length, 1);
    assert.deepEqual([...result.files[0]!.data.slice(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
    checksLikeMoodle(result.pack);
    const ribbon = instantiateItem(loadPack(result.pack), 'three-quarters-of-a-metre-of-ribbon', 1);
    assert.equal(checkAnswer(ribbon, '750 mm').outcome, 'correct');
    assert.equal(checkAnswer(ribbon, '0.75 m').outcome, 'correct');
    assert.equal(checkAnswer(ribbon, '75').score, 0.9, 'Moodle\'s 10% unit penalty');
  });

  it('imports each per-type export on its own: the served types become items, the others are reported', () => {
    const one = (t: string): ReturnType<typeof importMoodleXml> | string => {
      try { return importMoodleXml(read(moodleFixture(`${t}.moodle.xml`))); } catch (e) { assert.ok(e instanceof ContentImportError); return e.problems.map((p) => p.message).join('; '); }
    };
    const served = { match: 1, multichoice: 3, numerical: 1, shortanswer: 3, truefalse: 1 } as Record<string, number>;
    for (const [t, n] of Object.entries(served)) {
      const r = one(t);
      assert.ok(typeof r !== 'string', `${t}: ${String(r)}`);
      assert.equal(r.imported.length, n, t);
    }
    for (const t of ['calculated', 'calculatedmulti', 'calculatedsimple', 'ddimageortext', 'ddmarker', 'ddwtos', 'description', 'essay', 'gapselect', 'multianswer', 'randomsamatch']) {
      assert.equal(one(t), 'no question could be imported (1 skipped)', t);
    }
  });

  it('rejects invalid XML, bad fractions and grades that do not add up, with line numbers', () => {
    const invalid = importErrors(() => importMoodleXml(read(fixture('invalid.xml'))));
    assert.equal(invalid.length, 1);
    assert.equal(invalid[0]!.line, 6);
    assert.match(invalid[0]!.message, /^invalid XML: /);
    assert.deepEqual(importErrors(() => importMoodleXml(read(fixture('bad-fraction.xml')))), [{ line: 8, message: 'Question "Colours", answer "blue": the grade "lots" is not a number. Give it one of Moodle\'s grades, such as 100%, 50% or 0%.' }]);
    assert.deepEqual(importErrors(() => importMoodleXml(read(fixture('grades-not-100.xml')))), [{ line: 3, message: 'Question "Primes": the right answers add up to 80%, but with several right answers they must add up to 100% (for example 50% + 50%, or 3 × 33.33333%). Change their grades so they add up to 100%.' }]);
  });
});

describe('content CLI', () => {
  let dir = '';
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'pathwise-content-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('imports a GIFT file into a pack folder that validates', () => {
    const out = join(dir, 'gift-pack');
    const r = cli(['import', '--format', 'gift', moodleFixture('all-types.gift.txt'), '--out', out]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^9 questions imported, 2 skipped: .*essay "Explain: why is 1\/3 bigger than 1\/4\?" \(line 18\) not auto-gradable\n$/);
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
    const p = spawnSync('npm', ['run', '--silent', 'content', '--', 'import', '--format', 'moodle-xml', moodleFixture('all-types.moodle.xml'), '--out', join(dir, 'xml.json')], { cwd: root, encoding: 'utf8' });
    assert.equal(p.status, 0, p.stderr);
    assert.match(p.stdout, /^9 questions imported, 11 skipped: ddimageortext "Number line: drag the fractions" \(line 15\)/);
    assert.ok(existsSync(join(dir, 'files', 'picture-what-fraction-of-the-bar-is-shaded', 'bar-3-of-8.png')));
    const v = spawnSync('npm', ['run', '--silent', 'content', '--', 'validate', 'src/domain/content/packs/fractions'], { cwd: root, encoding: 'utf8' });
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /valid \(15 skills, \d+ items\)/);
  });
});

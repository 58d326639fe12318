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

describe('GIFT import', () => {
  const result = importGift(read(moodleFixture('questions.gift.txt')), { sourceName: 'questions.gift.txt' });

  it('imports 8 of the 9 fixture questions and skips the essay with its line', () => {
    assert.equal(result.imported.length, 8);
    assert.deepEqual(result.skipped, [{ name: 'Q8', line: 2, type: 'essay', reason: 'not auto-gradable' }]);
    assert.equal(summarise(result), '8 questions imported, 1 skipped: essay "Q8" (line 2) not auto-gradable');
  });

  it('maps each Moodle type to ours', () => {
    const byId = Object.fromEntries(itemsOf(result.pack).map((i) => [i.id, i]));
    assert.deepEqual(Object.keys(byId), ['moodle-activities', 'q2', 'colours', 'q5', 'shortanswer', 'q1', '2-08-tsl', '2-08-tsl-2']);
    assert.deepEqual(itemsOf(result.pack).map((i) => i.type), ['matching', 'choice', 'choice', 'numeric', 'text', 'truefalse', 'truefalse', 'truefalse']);
    assert.deepEqual(result.imported.map((i) => i.type), ['matching', 'multichoice', 'multichoice', 'numerical', 'shortanswer', 'truefalse', 'truefalse', 'truefalse']);
    assert.equal(byId['moodle-activities']!.promptFormat, 'html');
    assert.equal((byId['moodle-activities']!.pairs as unknown[]).length, 4);
    assert.deepEqual(byId['moodle-activities']!.distractors, ['Chat']);
    assert.equal(byId.colours!.multiple, true);
    assert.deepEqual((byId.colours!.choices as { score: number }[]).map((c) => c.score), [0.5, -1, 0.5, -1]);
    assert.deepEqual(byId.q5!.answers, [{ value: 3, tolerance: 2, score: 1 }]);
    assert.deepEqual((byId.q5!.feedback as Record<string, string>).incorrect, 'Completely wrong');
    assert.deepEqual((byId.shortanswer!.answers as { score: number }[]).map((a) => a.score), [1, 0.5, 0]);
    assert.equal(byId.q1!.answer, false);
    assert.equal((byId.q1!.feedback as Record<string, string>).general, "This is, of course, a Hitchiker's Guide to the Galaxy reference.");
    assert.deepEqual(result.pack.skills, [{ id: 'imported-questions', title: 'Imported questions', description: 'Questions imported from the category "Imported questions".', prerequisites: [] }]);
  });

  it('produces a pack whose items check answers with Moodle partial credit and negative marks', () => {
    const pack = loadPack(result.pack);
    const colours = instantiateItem(pack, 'colours', 1);
    assert.equal(colours.question.type, 'choice');
    const id = (t: string): string => (colours.question.type === 'choice' ? colours.question.choices.find((c) => c.text === t)!.id : '');
    assert.equal(checkAnswer(colours, [id('yellow'), id('off-beige')]).outcome, 'correct');
    assert.equal(checkAnswer(colours, [id('yellow')]).score, 0.5);
    assert.equal(checkAnswer(colours, [id('yellow'), id('red')]).score, 0);
    const animal = instantiateItem(pack, 'shortanswer', 1);
    assert.equal(checkAnswer(animal, 'frog').outcome, 'correct');
    assert.equal(checkAnswer(animal, 'Cat').score, 0.5);
    assert.equal(checkAnswer(animal, 'Dog').feedback, 'Completely wrong');
    const q5 = instantiateItem(pack, 'q5', 1);
    assert.equal(checkAnswer(q5, '4.5').outcome, 'correct');
    assert.equal(checkAnswer(q5, '6').feedback, 'Completely wrong');
    assert.equal(checkAnswer(instantiateItem(pack, 'q1', 1), true).feedback, '42 is the Ultimate Answer.');
    assert.equal(presentItem(instantiateItem(pack, 'moodle-activities', 1)).prompt.text, 'Match the <b>activity</b> to the description.');
  });

  it('rejects malformed GIFT with line numbers and imports nothing', () => {
    assert.deepEqual(importErrors(() => importGift(read(fixture('unclosed-brace.gift.txt')))), [{ line: 3, message: 'unclosed "{": every answer block needs a closing "}"' }]);
    assert.deepEqual(importErrors(() => importGift(read(fixture('bad-weight.gift.txt')))), [{ line: 4, message: 'bad answer weight "%fifty%": use a percentage from -100 to 100' }]);
    assert.deepEqual(importErrors(() => importGift(read(fixture('weights-not-100.gift.txt')))), [{ line: 1, message: 'the positive weights add up to 80%, not 100%' }]);
  });

  it('reads categories, escapes and a nested-category prerequisite chain on request', () => {
    const src = '$CATEGORY: $course$/Maths/Fractions\n\n::Half:: What is 1\\/2 of 10? {#5}\n\n::Colon:: Ratio 1\\:2 means? {=one to two ~two to one}\n';
    const r = importGift(src, { nestedAsPrerequisites: true });
    assert.deepEqual((r.pack.skills as { id: string; prerequisites: string[] }[]).map((s) => [s.id, s.prerequisites]), [['maths', []], ['maths-fractions', ['maths']]]);
    assert.equal(itemsOf(r.pack)[1]!.prompt, 'Ratio 1:2 means?');
    assert.deepEqual(itemsOf(r.pack).map((i) => i.skills[0]), ['maths-fractions', 'maths-fractions']);
  });
});

describe('Moodle XML import', () => {
  const result = importMoodleXml(read(moodleFixture('nested_categories_with_questions.xml')), { sourceName: 'nested.xml' });

  it('imports the 4 true/false questions, skips the essay with its line, and keeps the category hierarchy', () => {
    assert.equal(summarise(result), '4 questions imported, 1 skipped: essay "Kappa Essay Question" (line 55) not auto-gradable');
    assert.deepEqual(itemsOf(result.pack).map((i) => [i.id, i.type, i.class, i.skills[0]]), [
      ['iota-question', 'truefalse', 'moodle-truefalse', 'iota'],
      ['kappa-question', 'truefalse', 'moodle-truefalse', 'iota-kappa'],
      ['lambda-question', 'truefalse', 'moodle-truefalse', 'iota-kappa-lambda'],
      ['mu-question', 'truefalse', 'moodle-truefalse', 'iota-mu'],
    ]);
    const skills = result.pack.skills as { id: string; parent?: string; prerequisites: string[]; description: string }[];
    assert.deepEqual(skills.map((s) => [s.id, s.parent ?? null, s.prerequisites]), [
      ['iota', null, []], ['iota-kappa', 'iota', []], ['iota-kappa-lambda', 'iota-kappa', []], ['iota-mu', 'iota', []],
    ]);
    assert.equal(skills[1]!.description, 'This is Kappa category for test');
    assert.deepEqual(result.imported.map((i) => i.line), [15, 83, 123, 163]);
  });

  it('turns nested categories into prerequisite chains only when asked', () => {
    const chained = importMoodleXml(read(moodleFixture('nested_categories_with_questions.xml')), { nestedAsPrerequisites: true });
    const skills = chained.pack.skills as { id: string; parent?: string; prerequisites: string[] }[];
    assert.deepEqual(skills.map((s) => [s.id, s.prerequisites]), [['iota', []], ['iota-kappa', ['iota']], ['iota-kappa-lambda', ['iota-kappa']], ['iota-mu', ['iota']]]);
    assert.ok(skills.every((s) => s.parent === undefined));
  });

  it('maps every supported type, keeps feedback, units and hints, sanitises HTML and extracts embedded files', () => {
    const r = importMoodleXml(read(fixture('rich.xml')));
    assert.deepEqual(r.skipped, [{ name: 'Formula', line: 41, type: 'calculated', reason: 'calculated questions are not supported yet' }]);
    const items = itemsOf(r.pack);
    assert.deepEqual(items.map((i) => i.type), ['choice', 'numeric', 'text', 'matching']);
    const mc = items[0]!;
    assert.ok(!String(mc.prompt).includes('<script'));
    assert.match(String(mc.prompt), /<img src="files\/half-picture\/half.png"/);
    assert.deepEqual(r.files.map((f) => [f.path, Buffer.from(f.data).toString()]), [['files/half-picture/half.png', 'hello']]);
    assert.deepEqual((mc.choices as { score: number; feedback?: string }[]).map((c) => [c.score, c.feedback]), [[1, 'Yes!'], [-0.5, 'No']]);
    assert.deepEqual(mc.hints, ['Two equal parts.']);
    assert.equal((mc.feedback as Record<string, string>).general, 'Half means 2 equal parts.');
    const pack = loadPack(r.pack);
    const len = instantiateItem(pack, 'length', 1);
    assert.equal(checkAnswer(len, '250 cm').outcome, 'correct');
    assert.equal(checkAnswer(len, '2.5').score, 0.8);
    assert.equal(checkAnswer(len, '2 m').score, 0.5);
    assert.equal(checkAnswer(instantiateItem(pack, 'top-number', 1), 'top').score, 0.5);
    const match = instantiateItem(pack, 'match-halves', 1);
    assert.deepEqual(presentItem(match).matching?.options.slice().sort(), ['1/2', '1/3', '1/5']);
  });

  it('rejects invalid XML, bad fractions and grades that do not add up, with line numbers', () => {
    const invalid = importErrors(() => importMoodleXml(read(fixture('invalid.xml'))));
    assert.equal(invalid.length, 1);
    assert.equal(invalid[0]!.line, 6);
    assert.match(invalid[0]!.message, /^invalid XML: /);
    assert.deepEqual(importErrors(() => importMoodleXml(read(fixture('bad-fraction.xml')))), [{ line: 8, message: 'bad answer fraction "lots": use a percentage from -100 to 100' }]);
    assert.deepEqual(importErrors(() => importMoodleXml(read(fixture('grades-not-100.xml')))), [{ line: 3, message: 'the positive answer fractions of "Primes" add up to 80%, not 100%' }]);
  });
});

describe('content CLI', () => {
  let dir = '';
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'pathwise-content-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('imports a GIFT file into a pack folder that validates', () => {
    const out = join(dir, 'gift-pack');
    const r = cli(['import', '--format', 'gift', moodleFixture('questions.gift.txt'), '--out', out]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '8 questions imported, 1 skipped: essay "Q8" (line 2) not auto-gradable\n');
    const v = cli(['validate', out]);
    assert.equal(v.code, 0);
    assert.equal(v.out, `${out}: valid (1 skills, 8 items)\n`);
  });

  it('writes nothing and exits 2 when the source is malformed', () => {
    const out = join(dir, 'broken.json');
    const r = cli(['import', '--format', 'moodle-xml', fixture('grades-not-100.xml'), '--out', out]);
    assert.equal(r.code, 2);
    assert.match(r.err, /grades-not-100\.xml:3: the positive answer fractions/);
    assert.ok(!existsSync(out));
  });

  it('validate prints every problem and exits 2', () => {
    const r = cli(['validate', fixture('cyclic-pack.yaml')]);
    assert.equal(r.code, 2);
    assert.equal(r.out, 'skills[0].prerequisites: prerequisite cycle: a -> c -> b -> a\n');
  });

  it('runs through npm as documented and validates the bundled pack', function () {
    this.timeout(30_000);
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const p = spawnSync('npm', ['run', '--silent', 'content', '--', 'import', '--format', 'moodle-xml', moodleFixture('nested_categories_with_questions.xml'), '--out', join(dir, 'xml.json')], { cwd: root, encoding: 'utf8' });
    assert.equal(p.status, 0, p.stderr);
    assert.equal(p.stdout, '4 questions imported, 1 skipped: essay "Kappa Essay Question" (line 55) not auto-gradable\n');
    const v = spawnSync('npm', ['run', '--silent', 'content', '--', 'validate', 'src/domain/content/packs/fractions'], { cwd: root, encoding: 'utf8' });
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /valid \(15 skills, \d+ items\)/);
  });
});

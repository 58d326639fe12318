import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ContentImportError, checkAnswer, instantiateItem, itemsForSkill, loadBundledPack } from '../../src/domain/content/index.ts';
import { prepareUpload, proposeSkill, selfCheck, STUDIO_LIMITS, withCourseContent } from '../../src/domain/content/import/studio.ts';
import { importMoodleXml } from '../../src/domain/content/import/moodleXml.ts';
import { loadPack } from '../../src/domain/content/index.ts';
import { moodleFixture } from './helpers.ts';

const pack = loadBundledPack();
const read = (name: string): string => readFileSync(moodleFixture(name), 'utf8');
function refused(run: () => unknown): string[] {
  try { run(); } catch (e) { assert.ok(e instanceof ContentImportError); return e.problems.map((p) => p.message); }
  assert.fail('expected the upload to be refused');
}

describe('content studio: reading an upload', () => {
  it('prepares every servable question of a real export with a proposed skill and a passing self-check', () => {
    const u = prepareUpload(read('all-types.moodle.xml'), 'moodle-xml', pack, 'all-types.moodle.xml');
    assert.equal(u.questions.length, 9);
    assert.equal(u.skipped.length, 11);
    assert.ok(u.questions.every((q) => q.checked), 'the right answer is accepted and a wrong one refused for every question');
    assert.ok(u.questions.every((q) => String(q.item.id).startsWith('course-')));
    const skills = new Set(pack.skills.map((s) => s.id));
    assert.ok(u.questions.every((q) => skills.has(q.proposedSkill) && (q.item.skills as string[])[0] === q.proposedSkill));
    assert.equal(u.questions.find((q) => q.name === 'Simplify four eighths')!.proposedSkill, 'simplifying-fractions');
    assert.equal(u.questions.find((q) => q.name === 'Three quarters is more than two thirds')!.proposedSkill, 'comparing-fractions');
    assert.equal(u.questions.find((q) => q.name === 'Simplify four eighths')!.category, 'Fractions Grades 3-6 / Fraction words and simplest form');
    const picture = String(u.questions.find((q) => q.name.startsWith('Picture'))!.item.prompt);
    assert.match(picture, /<img src="data:image\/png;base64,iVBORw0KGgo/, 'the embedded picture travels inside the question');
  });

  it('proposes skills by the words of the category and the text', () => {
    assert.equal(proposeSkill(pack, 'Simplest form', 'Write 6/8 in simplest form'), 'simplifying-fractions');
    assert.equal(proposeSkill(pack, '', 'Which is bigger, 2/3 or 3/5? Compare them.'), 'comparing-fractions');
  });

  it('flags a question whose right answer Pathwise would mark wrong', () => {
    const r = importMoodleXml(read('shortanswer.moodle.xml'));
    const items = (r.pack.items as Record<string, unknown>[]).map((i) => i.id === 'simplify-four-eighths' ? { ...i, answers: [{ text: '1/2', score: 1 }, { text: '*', score: 1 }] } : i);
    const p = loadPack({ ...r.pack, items });
    assert.equal(selfCheck(p, 'simplify-four-eighths'), false, 'a catch-all worth 100% accepts wrong answers');
    assert.equal(selfCheck(p, 'name-of-the-top-number'), true);
  });

  it('refuses entity declarations, too many questions, too big files and too big pictures, keeping nothing', () => {
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<quiz><question type="truefalse"><name><text>&b;</text></name></question></quiz>`;
    assert.match(refused(() => prepareUpload(bomb, 'moodle-xml', pack, 'bomb.xml'))[0]!, /declares its own XML entities/);
    const big = read('truefalse.moodle.xml').replace('</quiz>', `<!-- ${'x'.repeat(STUDIO_LIMITS.bytes)} --></quiz>`);
    assert.match(refused(() => prepareUpload(big, 'moodle-xml', pack, 'big.xml'))[0]!, /the limit is 1000 KB/);
    const many = Array.from({ length: STUDIO_LIMITS.questions + 1 }, (_, i) => `::Q${i}:: Is ${i} a number? {T}`).join('\n\n');
    assert.match(refused(() => prepareUpload(many, 'gift', pack, 'many.gift'))[0]!, /has 201 questions; the limit is 200/);
    const huge = read('multichoice.moodle.xml').replace(/(<file name="bar-3-of-8.png"[^>]*>)([^<]*)/, (_m, tag: string) => `${tag}${Buffer.alloc(STUDIO_LIMITS.pictureBytes + 1).toString('base64')}`);
    assert.match(refused(() => prepareUpload(huge, 'moodle-xml', pack, 'huge.xml'))[0]!, /The picture "bar-3-of-8.png" is 300 KB; pictures can be at most 300 KB/);
  });

  it('removes scripts and event handlers from question text', () => {
    const gift = '::Sneaky:: [html]<p onclick="steal()">Half of 4?</p><script>steal()</script><img src="javascript:steal()"> {#2}';
    const u = prepareUpload(gift, 'gift', pack, 'sneaky.gift');
    const prompt = String(u.questions[0]!.item.prompt);
    assert.doesNotMatch(prompt, /script|onclick|javascript/i);
    assert.match(prompt, /Half of 4\?/);
  });

  it('adds a course\'s questions and resources to a copy of the pack, leaving the bundled pack as it was', () => {
    const u = prepareUpload(read('truefalse.moodle.xml'), 'moodle-xml', pack, 'tf.xml');
    const item: Record<string, unknown> = { ...u.questions[0]!.item, skills: ['comparing-fractions'] };
    const before = pack.items.length;
    const video = { kind: 'video' as const, title: 'Comparing with twelfths', url: 'https://example.org/v', minutes: 4 };
    const merged = withCourseContent(pack, [item, { ...item, id: 'course-bad', skills: ['no-such-skill'] }], new Map([['comparing-fractions', [video]]]));
    assert.deepEqual(merged.dropped, ['course-bad']);
    assert.equal(pack.items.length, before);
    assert.ok(itemsForSkill(merged.pack, 'comparing-fractions').some((i) => i.id === item.id));
    assert.equal(merged.pack.skills.find((s) => s.id === 'comparing-fractions')!.resources[0]!.title, 'Comparing with twelfths');
    const inst = instantiateItem(merged.pack, String(item.id), 1);
    assert.equal(checkAnswer(inst, true).outcome, 'correct');
  });
});

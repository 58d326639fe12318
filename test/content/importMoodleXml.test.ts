import assert from 'node:assert/strict';
import { checkAnswer, ContentImportError, instantiateItem } from '../../src/domain/content/index.ts';
import { importMoodleXml } from '../../src/domain/content/import/moodleXml.ts';
import { loadPack } from '../../src/repositories/packFiles.ts';
import { fixture, moodleFixture } from './helpers.ts';
import { checksLikeMoodle, COMPUTING, importErrors, itemsOf, read, SERVED, SKILL, WORDS } from './importHelpers.ts';

describe('Moodle XML import (real Moodle 4.1 export)', () => {
  const result = importMoodleXml(read(moodleFixture('all-types.moodle.xml')), { sourceName: 'all-types.moodle.xml' });

  it('imports the 9 questions Pathwise can serve and skips the other 11 with their line and reason', () => {
    assert.deepEqual(
      result.imported.map((i) => [i.itemId, i.type, i.line]),
      SERVED.map(([id, m], k) => [id, m === 'match' ? 'matching' : m, [291, 378, 439, 503, 559, 632, 665, 698, 1164][k]]),
    );
    assert.deepEqual(
      result.skipped.map((s) => [s.type, s.line, s.reason]),
      [
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
      ],
    );
  });

  it("keeps the category hierarchy with Moodle's category descriptions", () => {
    assert.deepEqual(
      itemsOf(result.pack).map((i) => [i.type, i.class, i.skills[0]]),
      [
        ['matching', 'moodle-matching', SKILL],
        ['choice', 'moodle-multichoice', SKILL],
        ['choice', 'moodle-multichoice-multi', SKILL],
        ['choice', 'moodle-multichoice', SKILL],
        ['truefalse', 'moodle-truefalse', SKILL],
        ['text', 'moodle-shortanswer', WORDS],
        ['text', 'moodle-shortanswer', WORDS],
        ['text', 'moodle-shortanswer', WORDS],
        ['numeric', 'moodle-numerical', COMPUTING],
      ],
    );
    const skills = result.pack.skills as { id: string; parent?: string; prerequisites: string[]; description: string }[];
    assert.deepEqual(
      skills.map((s) => [s.id, s.parent ?? null, s.prerequisites]),
      [
        [SKILL, null, []],
        [WORDS, SKILL, []],
        [COMPUTING, SKILL, []],
      ],
    );
    assert.equal(skills[2]!.description, 'Numerical and calculated questions.');
  });

  it('turns nested categories into prerequisite chains only when asked', () => {
    const chained = importMoodleXml(read(moodleFixture('all-types.moodle.xml')), { nestedAsPrerequisites: true });
    const skills = chained.pack.skills as { id: string; parent?: string; prerequisites: string[] }[];
    assert.deepEqual(
      skills.map((s) => [s.id, s.prerequisites]),
      [
        [SKILL, []],
        [WORDS, [SKILL]],
        [COMPUTING, [SKILL]],
      ],
    );
    assert.ok(skills.every((s) => s.parent === undefined));
  });

  it('keeps feedback, hints, units and the embedded picture, and checks answers like Moodle', () => {
    const byId = Object.fromEntries(itemsOf(result.pack).map((i) => [i.id, i]));
    const bar = byId['chocolate-bar-3-of-8-pieces-eaten']!;
    assert.deepEqual(bar.feedback, {
      general: 'The bar has 8 equal pieces, so the denominator is 8. Sam ate 3 of them, so the numerator is 3: 3/8.',
      correct: 'Well done, that is right!',
      incorrect: 'Not this time. Read the hint and try again.',
    });
    assert.deepEqual(bar.hints, [
      'How many equal pieces make the whole bar? That number goes at the bottom.',
      'How many pieces did Sam eat? That number goes on top.',
    ]);
    assert.deepEqual(byId['three-quarters-of-a-metre-of-ribbon']!.units, [
      { unit: 'cm', multiplier: 1 },
      { unit: 'mm', multiplier: 10 },
      { unit: 'm', multiplier: 0.01 },
    ]);
    const picture = String(byId['picture-what-fraction-of-the-bar-is-shaded']!.prompt);
    assert.match(
      picture,
      /<img src="files\/picture-what-fraction-of-the-bar-is-shaded\/bar-3-of-8\.png" alt="A bar of 8 equal parts with 3 parts shaded blue"/,
    );
    assert.equal(result.files.length, 1);
    assert.deepEqual([...result.files[0]!.data.slice(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
    checksLikeMoodle(result.pack);
    const ribbon = instantiateItem(loadPack(result.pack), 'three-quarters-of-a-metre-of-ribbon', 1);
    assert.equal(checkAnswer(ribbon, '750 mm').outcome, 'correct');
    assert.equal(checkAnswer(ribbon, '0.75 m').outcome, 'correct');
    assert.equal(checkAnswer(ribbon, '75').score, 0.9, "Moodle's 10% unit penalty");
  });

  it('imports each per-type export on its own: the served types become items, the others are reported', () => {
    const one = (t: string): ReturnType<typeof importMoodleXml> | string => {
      try {
        return importMoodleXml(read(moodleFixture(`${t}.moodle.xml`)));
      } catch (e) {
        assert.ok(e instanceof ContentImportError);
        return e.problems.map((p) => p.message).join('; ');
      }
    };
    const served = { match: 1, multichoice: 3, numerical: 1, shortanswer: 3, truefalse: 1 } as Record<string, number>;
    for (const [t, n] of Object.entries(served)) {
      const r = one(t);
      assert.ok(typeof r !== 'string', `${t}: ${String(r)}`);
      assert.equal(r.imported.length, n, t);
    }
    for (const t of [
      'calculated',
      'calculatedmulti',
      'calculatedsimple',
      'ddimageortext',
      'ddmarker',
      'ddwtos',
      'description',
      'essay',
      'gapselect',
      'multianswer',
      'randomsamatch',
    ]) {
      assert.equal(one(t), 'no question could be imported (1 skipped)', t);
    }
  });

  it('rejects invalid XML, bad fractions and grades that do not add up, with line numbers', () => {
    const invalid = importErrors(() => importMoodleXml(read(fixture('invalid.xml'))));
    assert.equal(invalid.length, 1);
    assert.equal(invalid[0]!.line, 6);
    assert.match(invalid[0]!.message, /^invalid XML: /);
    assert.deepEqual(
      importErrors(() => importMoodleXml(read(fixture('bad-fraction.xml')))),
      [
        {
          line: 8,
          message:
            'Question "Colours", answer "blue": the grade "lots" is not a number. Give it one of Moodle\'s grades, such as 100%, 50% or 0%.',
        },
      ],
    );
    assert.deepEqual(
      importErrors(() => importMoodleXml(read(fixture('grades-not-100.xml')))),
      [
        {
          line: 3,
          message:
            'Question "Primes": the right answers add up to 80%, but with several right answers they must add up to 100% (for example 50% + 50%, or 3 × 33.33333%). Change their grades so they add up to 100%.',
        },
      ],
    );
  });
});

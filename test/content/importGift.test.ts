import assert from 'node:assert/strict';
import { summarise } from '../../src/domain/content/import/common.ts';
import { importGift } from '../../src/domain/content/import/gift.ts';
import { fixture, moodleFixture } from './helpers.ts';
import { checksLikeMoodle, COMPUTING, importErrors, itemsOf, read, SERVED, SKILL, WORDS } from './importHelpers.ts';

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
    assert.deepEqual(
      itemsOf(result.pack).map((i) => [i.id, i.type]),
      SERVED.map(([id, , t]) => [id, t]),
    );
    assert.deepEqual(
      result.imported.map((i) => i.type),
      SERVED.map(([, m]) => m),
    );
    assert.deepEqual(
      itemsOf(result.pack).map((i) => i.skills[0]),
      [SKILL, SKILL, SKILL, SKILL, SKILL, WORDS, WORDS, WORDS, COMPUTING],
    );
    const byId = Object.fromEntries(itemsOf(result.pack).map((i) => [i.id, i]));
    assert.deepEqual(
      (byId['fractions-equal-to-one-half-choose-all']!.choices as { score: number }[]).map((c) => c.score),
      [0.5, 0.5, -0.5, -0.5],
    );
    assert.deepEqual(
      (byId['simplify-four-eighths']!.answers as { text: string; score: number }[]).map((a) => [a.text, a.score]),
      [
        ['1/2', 1],
        ['*half', 1],
        ['2/4', 0.5],
        ['*', 0],
      ],
    );
    assert.deepEqual(byId['three-quarters-of-a-metre-of-ribbon']!.answers, [
      { value: 75, tolerance: 1, score: 1, feedback: 'Yes, 75 cm.' },
      { value: 25, tolerance: 0, score: 0, feedback: '25 cm is the piece that is left, not the piece she cut off.' },
    ]);
    assert.equal(
      byId['three-quarters-is-more-than-two-thirds']!.feedbackFalse,
      'Try writing both fractions in twelfths: 3/4 = 9/12 and 2/3 = 8/12.',
      'GIFT puts the wrong-answer feedback first',
    );
    assert.equal(
      (byId['match-fractions-to-decimals']!.feedback as Record<string, string>).general,
      '1/2 = 0.5, 1/4 = 0.25, 3/4 = 0.75, 1/10 = 0.1.',
    );
    assert.deepEqual(byId['match-fractions-to-decimals']!.distractors, ['0.2']);
  });

  it('produces a pack whose items check answers with Moodle partial credit, wildcards and negative marks', () => {
    checksLikeMoodle(result.pack);
  });

  it('rejects malformed GIFT with line numbers and imports nothing', () => {
    assert.deepEqual(
      importErrors(() => importGift(read(fixture('unclosed-brace.gift.txt')))),
      [{ line: 3, message: 'unclosed "{": every answer block needs a closing "}"' }],
    );
    assert.deepEqual(
      importErrors(() => importGift(read(fixture('bad-weight.gift.txt')))),
      [
        {
          line: 4,
          message:
            'Question "Pick two", answer "4": the grade "fifty" is not a number. Give it one of Moodle\'s grades, such as 100%, 50% or 0%.',
        },
      ],
    );
    assert.deepEqual(
      importErrors(() => importGift(read(fixture('weights-not-100.gift.txt')))),
      [
        {
          line: 1,
          message:
            'Question "Pick all": the right answers add up to 80%, but with several right answers they must add up to 100% (for example 50% + 50%, or 3 × 33.33333%). Change their grades so they add up to 100%.',
        },
      ],
    );
  });

  it('reads categories, escapes and a nested-category prerequisite chain on request', () => {
    const r = importGift(read(moodleFixture('all-types.gift.txt')), { nestedAsPrerequisites: true });
    assert.deepEqual(
      (r.pack.skills as { id: string; prerequisites: string[] }[]).map((s) => [s.id, s.prerequisites]),
      [
        [SKILL, []],
        [WORDS, [SKILL]],
        [COMPUTING, [SKILL]],
      ],
    );
    assert.equal(result.imported[1]!.name, 'Chocolate bar: 3 of 8 pieces eaten', '"\\:" is an escaped colon');
  });
});

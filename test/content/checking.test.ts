import assert from 'node:assert/strict';
import { checkAnswer, type ItemInstance } from '../../src/domain/content/index.ts';
import { inst } from './helpers.ts';

type Row = [response: unknown, outcome: 'correct' | 'partial' | 'incorrect', note?: string];
function table(instance: ItemInstance, rows: Row[]): void {
  for (const [response, outcome, note] of rows) {
    const r = checkAnswer(instance, response);
    assert.equal(r.outcome, outcome, `${JSON.stringify(response)} -> ${r.outcome} (${r.feedback}) ${note ?? ''}`);
    assert.ok(r.score >= 0 && r.score <= 1);
    assert.equal(typeof r.feedback, 'string');
  }
}

describe('answer checking', () => {
  it('accepts equivalent fractions, mixed numbers and unicode forms when any form is allowed', () => {
    table(inst({ type: 'fraction', prompt: 'p', answer: '3/2' }), [
      ['3/2', 'correct'],
      ['6/4', 'correct'],
      [' 1 1/2 ', 'correct'],
      ['1½', 'correct'],
      ['3⁄2', 'correct'],
      ['12/8', 'correct'],
      ['1.5', 'partial', 'decimal is equal but not a fraction'],
      ['3:2', 'partial'],
      ['2/3', 'incorrect'],
      ['-3/2', 'incorrect'],
    ]);
  });

  it('requires simplest, mixed or improper form only when the item asks', () => {
    table(inst({ type: 'fraction', prompt: 'p', answer: '1/2', form: 'simplest' }), [
      ['1/2', 'correct'],
      ['2/4', 'partial'],
      ['3/6', 'partial'],
      ['1/3', 'incorrect'],
    ]);
    table(inst({ type: 'fraction', prompt: 'p', answer: '11/4', form: 'mixed' }), [
      ['2 3/4', 'correct'],
      ['11/4', 'partial'],
      ['2 6/8', 'partial'],
      ['1 7/4', 'partial'],
    ]);
    table(inst({ type: 'fraction', prompt: 'p', answer: '11/4', form: 'improper' }), [
      ['11/4', 'correct'],
      ['22/8', 'correct'],
      ['2 3/4', 'partial'],
    ]);
    table(inst({ type: 'fraction', prompt: 'p', answer: '2' }), [
      ['2', 'correct'],
      ['4/2', 'correct'],
      ['8/4', 'correct'],
    ]);
    table(inst({ type: 'ratio', prompt: 'p', answer: '2:3', form: 'simplest' }), [
      ['2:3', 'correct'],
      ['2 : 3', 'correct'],
      ['4:6', 'partial'],
      ['3:2', 'incorrect'],
      ['2/3', 'partial'],
    ]);
  });

  it('applies numeric tolerance, unit conversion and the missing-unit penalty', () => {
    const q = inst({
      type: 'numeric',
      prompt: 'p',
      answers: [
        { value: 2.5, tolerance: 0.05 },
        { value: 2, tolerance: 0, score: 0.5, feedback: 'close' },
      ],
      units: [{ unit: 'm' }, { unit: 'cm', multiplier: 100 }],
      unitRequired: true,
      unitPenalty: 0.2,
    });
    table(q, [
      ['2.5 m', 'correct'],
      ['2.54m', 'correct'],
      ['250 cm', 'correct'],
      ['2,5 m', 'correct'],
      ['2.5 metres', 'incorrect', 'unknown unit'],
      ['2.5', 'partial', 'unit missing'],
      ['2 m', 'partial'],
      ['2.6 m', 'incorrect'],
      ['5/2 m', 'correct'],
    ]);
    assert.equal(checkAnswer(q, '2.5').score, 0.8);
    assert.deepEqual(checkAnswer(q, '2.5').message, { key: 'check.rememberUnit', values: { unit: 'm' } });
    table(inst({ type: 'numeric', prompt: 'p', answer: 1000, units: [{ unit: 'cups' }] }), [
      ['1000', 'correct'],
      ['1,000', 'correct'],
      ['1e3', 'correct'],
      ['1000 cups', 'correct'],
      [1000, 'correct'],
      ['999', 'incorrect'],
    ]);
  });

  it('checks algebraic expressions by value, not by spelling', () => {
    const q = inst({ type: 'expression', prompt: 'p', answer: '3/4*n + 2', variables: ['n'] });
    table(q, [
      ['3n/4 + 2', 'correct'],
      ['0.75 n + 2', 'correct'],
      ['2 + n*3/4', 'correct'],
      ['(3n + 8)/4', 'correct'],
      ['3/4*n', 'incorrect'],
      ['n/(3/4) + 2', 'incorrect'],
      ['3/4*m + 2', 'incorrect', 'unknown variable'],
    ]);
    assert.deepEqual(checkAnswer(q, '3/4*m+2').message, { key: 'check.exprUnknownLetter', values: { name: 'm' } });
    table(inst({ type: 'expression', prompt: 'p', answer: '(x+1)^2', variables: ['x'] }), [
      ['x^2 + 2x + 1', 'correct'],
      ['x^2 + 1', 'incorrect'],
    ]);
  });

  it('normalises short text and honours alternatives, wildcards and patterns', () => {
    const q = inst({
      type: 'text',
      prompt: 'p',
      answers: [
        'denominator',
        { text: 'bottom number', score: 0.5, feedback: 'Use the proper word.' },
        { text: '*', score: 0, feedback: 'No.' },
      ],
      patterns: [{ regex: '^de+nom+inat[oe]r$', score: 1 }],
    });
    table(q, [
      ['Denominator', 'correct'],
      ['  DENOMINATOR. ', 'correct'],
      ['"denominator"', 'correct'],
      ['denomminater', 'correct'],
      ['bottom   number', 'partial'],
      ['numerator', 'incorrect'],
    ]);
    assert.equal(checkAnswer(q, 'numerator').feedback, 'No.');
    table(inst({ type: 'text', prompt: 'p', answers: ['<'], caseSensitive: true }), [
      ['<', 'correct'],
      [' < ', 'correct'],
      ['>', 'incorrect'],
    ]);
  });

  it('scores choices, multiple answers with negative marks, ordering and matching', () => {
    const single = inst(
      {
        type: 'choice',
        prompt: 'p',
        choices: [
          { id: 'a', text: '1/2', score: 1 },
          { id: 'b', text: '2/5', score: 0, misconception: 'add-denominators' },
        ],
      },
      { misconceptions: [{ id: 'add-denominators', feedback: 'Do not add denominators.', responses: [] }] },
    );
    table(single, [
      ['a', 'correct'],
      [['a'], 'correct'],
      ['1/2', 'correct', 'by text'],
      ['b', 'incorrect'],
      ['z', 'incorrect'],
      [['a', 'b'], 'incorrect'],
    ]);
    assert.deepEqual(checkAnswer(single, 'b').misconception, { id: 'add-denominators', feedback: 'Do not add denominators.' });
    const multi = inst({
      type: 'choice',
      prompt: 'p',
      multiple: true,
      choices: [
        { id: 'a', text: 'yellow', score: 0.5 },
        { id: 'b', text: 'red', score: -1 },
        { id: 'c', text: 'beige', score: 0.5 },
      ],
    });
    table(multi, [
      [['a', 'c'], 'correct'],
      [['a'], 'partial'],
      [['a', 'b', 'c'], 'incorrect'],
      ['a,c', 'correct'],
    ]);
    assert.equal(checkAnswer(multi, ['a']).score, 0.5);
    const order = inst({
      type: 'ordering',
      prompt: 'p',
      items: [
        { id: 'a', text: '1/2' },
        { id: 'b', text: '1/4' },
        { id: 'c', text: '3/4' },
      ],
      order: ['b', 'a', 'c'],
    });
    table(order, [
      [['b', 'a', 'c'], 'correct'],
      [['b', 'c', 'a'], 'partial'],
      [['a', 'b'], 'incorrect'],
      [['a', 'a', 'c'], 'incorrect'],
    ]);
    const match = inst({
      type: 'matching',
      prompt: 'p',
      pairs: [
        { id: 'p1', prompt: '2/4', answer: '1/2' },
        { id: 'p2', prompt: '3/9', answer: '1/3' },
      ],
      options: ['1/2', '1/3'],
    });
    table(match, [
      [{ p1: '1/2', p2: '1/3' }, 'correct'],
      [{ p1: '1/2', p2: '1/2' }, 'partial'],
      [{}, 'incorrect'],
      [['1/2'], 'incorrect'],
    ]);
    table(inst({ type: 'truefalse', prompt: 'p', answer: false, feedbackTrue: 'It is false.' }), [
      [false, 'correct'],
      ['False', 'correct'],
      ['F', 'correct'],
      [true, 'incorrect'],
      ['maybe', 'incorrect'],
    ]);
  });

  it('names the misconception behind a wrong fraction, in any equivalent form', () => {
    const q = inst(
      { type: 'fraction', prompt: '1/2 + 1/3', answer: '5/6' },
      { misconceptions: [{ id: 'add-denominators', feedback: 'You added the denominators.', responses: ['2/5'] }] },
    );
    for (const wrong of ['2/5', '4/10']) {
      const r = checkAnswer(q, wrong);
      assert.equal(r.outcome, 'incorrect');
      assert.equal(r.misconception?.id, 'add-denominators');
      assert.equal(r.feedback, 'You added the denominators.');
    }
    assert.equal(checkAnswer(q, '1/6').misconception, undefined);
    assert.equal(checkAnswer(q, '10/12').misconception, undefined);
  });
});

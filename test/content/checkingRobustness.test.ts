import assert from 'node:assert/strict';
import { checkAnswer } from '../../src/domain/content/index.ts';
import type { InstanceQuestion } from '../../src/domain/content/types.ts';
import { inst } from './helpers.ts';

describe('answer checking under hostile input and load', () => {
  it('treats hostile or odd input as incorrect with a message, never throwing', () => {
    const questions: InstanceQuestion[] = [
      { type: 'fraction', prompt: 'p', answer: '1/2' },
      { type: 'numeric', prompt: 'p', answer: 3 },
      { type: 'expression', prompt: 'p', answer: 'x+1', variables: ['x'] },
      { type: 'text', prompt: 'p', answers: ['yes'] },
      {
        type: 'choice',
        prompt: 'p',
        choices: [
          { id: 'a', text: 'a', score: 1 },
          { id: 'b', text: 'b', score: 0 },
        ],
      },
      { type: 'truefalse', prompt: 'p', answer: true },
      {
        type: 'ordering',
        prompt: 'p',
        items: [
          { id: 'a', text: 'a' },
          { id: 'b', text: 'b' },
        ],
        order: ['a', 'b'],
      },
      {
        type: 'matching',
        prompt: 'p',
        pairs: [
          { id: 'p1', prompt: 'a', answer: 'b' },
          { id: 'p2', prompt: 'c', answer: 'd' },
        ],
        options: ['b', 'd'],
      },
    ];
    const hostile: unknown[] = [
      undefined,
      null,
      '',
      '   ',
      'x'.repeat(100_000),
      '1/0',
      '0/0',
      NaN,
      Infinity,
      -0,
      '💥🙂',
      '<script>alert(1)</script>',
      '<b>1/2</b>',
      {
        toString: () => {
          throw new Error('boom');
        },
      },
      [[[]]],
      Symbol('s'),
      () => 1,
      10n,
      'constructor',
      '__proto__',
      'import("fs")',
      '9^9^9^9',
      'x'.repeat(300) + '+1',
    ];
    for (const q of questions) {
      for (const h of hostile) {
        const r = checkAnswer(inst(q), h);
        assert.equal(
          r.outcome,
          'incorrect',
          `${q.type} ${String(typeof h === 'symbol' ? 'symbol' : typeof h === 'string' ? h.slice(0, 20) : typeof h)}`,
        );
        assert.equal(r.score, 0);
        assert.ok(r.feedback.length > 0 || r.message, 'the item or the checker says something');
      }
    }
    assert.equal(checkAnswer(inst(questions[0]!), '1/0').message?.key, 'check.zeroDenominator');
    assert.equal(checkAnswer(inst(questions[1]!), '1/0').message?.key, 'check.divideByZero');
  });

  it('is fast enough to run on every submission', () => {
    const q = inst({ type: 'expression', prompt: 'p', answer: '3/4*n + 2', variables: ['n'] });
    // CPU time, not wall time: on a busy machine the wall clock also counts other processes' turns.
    const start = process.cpuUsage();
    for (let i = 0; i < 500; i++) checkAnswer(q, `${i % 7}n/4 + 2`);
    const used = process.cpuUsage(start);
    const perCheck = (used.user + used.system) / 1000 / 500;
    assert.ok(perCheck < 2, `${perCheck.toFixed(3)} ms of CPU per expression check`);
  });
});

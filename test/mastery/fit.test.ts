import assert from 'node:assert/strict';
import { buildDataset, fitSkills, generateDataset, type SkillData } from '../../src/domain/mastery/index.ts';
import { restartStarts, resolveFitOptions } from '../../src/domain/mastery/fit.ts';

const params = { prior: 0.2, learns: [0.2], forgets: [0], guesses: [0.2], slips: [0.1] };

describe('mastery fitting and data packing', () => {
  const d = generateDataset({ students: 60, length: 20, params, seed: 5 }, 'fractions');

  it('gives identical fits for the same seed', () => {
    const a = fitSkills([d], { seed: 9, restarts: 3 });
    const b = fitSkills([d], { seed: 9, restarts: 3 });
    assert.deepEqual(a, b);
  });

  it('draws different restarts for different seeds and skills', () => {
    const o = resolveFitOptions({ seed: 1, restarts: 2 });
    const s1 = restartStarts(d, o);
    const s2 = restartStarts(d, resolveFitOptions({ seed: 2, restarts: 2 }));
    assert.notEqual(s1[0]?.prior, s1[1]?.prior);
    assert.notEqual(s1[0]?.prior, s2[0]?.prior);
    const other: SkillData = { ...d, skill: 'decimals' };
    assert.notEqual(restartStarts(other, o)[0]?.prior, s1[0]?.prior);
  });

  it('starts the first restart from init values and uses no randomness with one restart', () => {
    const init = { prior: 0.3, learns: [0.1], guesses: [0.2], slips: [0.15] };
    const a = fitSkills([d], { init, restarts: 1, seed: 1, iterations: 3, tol: -1 });
    const b = fitSkills([d], { init: { fractions: init }, restarts: 1, seed: 77, iterations: 3, tol: -1 });
    assert.deepEqual(a, b);
    assert.equal(a.get('fractions')?.iterations, 3);
  });

  it('rejects non-zero init forgets unless forgetting is fitted', () => {
    assert.throws(() => fitSkills([d], { init: { prior: 0.3, learns: 0.1, forgets: 0.1, guesses: 0.2, slips: 0.1 } }), /--forgets/);
  });

  it('orders sequences by order within each student and numbers classes by first appearance', () => {
    const data = buildDataset([
      { userId: 10, skill: 'k', order: 5, correct: 1, gsClass: 'late' },
      { userId: 9, skill: 'k', order: 7, correct: 0, gsClass: 'b' },
      { userId: 10, skill: 'k', order: 1, correct: 0, gsClass: 'early' },
      { userId: 9, skill: 'k', order: 3, correct: 1, gsClass: 'a' },
      { userId: 2, skill: 'j', order: 1, correct: null },
    ]);
    assert.deepEqual(
      data.map((x) => x.skill),
      ['k', 'j'],
    );
    const k = data[0] as SkillData;
    // users sorted numerically (9 before 10), each by order
    assert.deepEqual(Array.from(k.correct), [1, 0, 0, 1]);
    assert.deepEqual(Array.from(k.seqStarts), [0, 2, 4]);
    assert.deepEqual(k.classes.gs, ['a', 'b', 'early', 'late']);
    assert.deepEqual(Array.from(k.rowIndex), [3, 1, 2, 0]);
    assert.deepEqual(Array.from((data[1] as SkillData).correct), [-1]);
  });

  it('rejects an answer that is not correct, incorrect or missing', () => {
    assert.throws(() => buildDataset([{ userId: 1, skill: 'k', order: 1, correct: 2 }]), /row 1/);
  });
});

import assert from 'node:assert/strict';
import {
  expectedCorrectToMastery,
  initialMasteryState,
  predictCorrect,
  updateMastery,
  type BktParams,
} from '../../src/domain/mastery/index.ts';

const close = (a: number, b: number, eps = 1e-12): void => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);

const params: BktParams = { prior: 0.3, learns: [0.2], forgets: [0], guesses: [0.25], slips: [0.1] };

describe('mastery online update (hand-computed)', () => {
  it('starts a new student at the prior with no opportunities seen', () => {
    assert.deepEqual(initialMasteryState(params), { pMastered: 0.3, n: 0 });
  });

  it('updates the first opportunity from the prior without a learning transition', () => {
    // P(L|correct) = .3*.9 / (.3*.9 + .7*.25) = .27/.445
    const s = updateMastery(params, initialMasteryState(params), { correct: true });
    close(s.pMastered, 0.27 / 0.445);
    assert.equal(s.n, 1);
  });

  it('predicts the next answer after applying learn, then conditions on an incorrect answer', () => {
    const s1 = updateMastery(params, initialMasteryState(params), { correct: true });
    // before the 2nd answer: 54/89 + 35/89 * .2 = 61/89; P(correct) = 61/89*.9 + 28/89*.25
    close(predictCorrect(params, s1), (61 / 89) * 0.9 + (28 / 89) * 0.25);
    const s2 = updateMastery(params, s1, { correct: false });
    close(s2.pMastered, ((61 / 89) * 0.1) / ((61 / 89) * 0.1 + (28 / 89) * 0.75));
  });

  it('uses forget of the new opportunity and leaves the state unchanged by the data on a missing answer', () => {
    const p: BktParams = { ...params, forgets: [0.1] };
    const s1 = updateMastery(p, initialMasteryState(p), { correct: true });
    const s2 = updateMastery(p, s1, { correct: null });
    close(s2.pMastered, (54 / 89) * 0.9 + (35 / 89) * 0.2);
    assert.equal(s2.n, 2);
  });

  it('picks guess/slip by item class and learn/forget by the resource class of the new opportunity', () => {
    const p: BktParams = { prior: 0.5, learns: [0.1, 0.4], forgets: [0.05, 0.2], guesses: [0.2, 0.3], slips: [0.1, 0.05] };
    const s1 = updateMastery(p, initialMasteryState(p), { correct: false, gsClass: 1, learnClass: 0 });
    close(s1.pMastered, (0.5 * 0.05) / (0.5 * 0.05 + 0.5 * 0.7));
    const before = s1.pMastered * (1 - 0.2) + (1 - s1.pMastered) * 0.4;
    close(predictCorrect(p, s1, 0, 1), before * 0.9 + (1 - before) * 0.2);
    const s2 = updateMastery(p, s1, { correct: true, gsClass: 0, learnClass: 1 });
    close(s2.pMastered, (before * 0.9) / (before * 0.9 + (1 - before) * 0.2));
  });

  it('rejects a class index the parameters do not have', () => {
    assert.throws(() => predictCorrect(params, initialMasteryState(params), 3), RangeError);
  });

  it('counts the correct answers still needed to reach the threshold', () => {
    // .3 -> .6067 -> .8869 -> .9731 (each step: learn transition then a correct answer)
    assert.equal(expectedCorrectToMastery(params, initialMasteryState(params), 0.95), 3);
    assert.equal(expectedCorrectToMastery(params, { pMastered: 0.96, n: 4 }, 0.95), 0);
  });

  it('reports Infinity when correct answers cannot reach the threshold', () => {
    const noSignal: BktParams = { prior: 0.1, learns: [0], forgets: [0], guesses: [0.5], slips: [0.5] };
    assert.equal(expectedCorrectToMastery(noSignal, initialMasteryState(noSignal), 0.95), Infinity);
    const forgetful: BktParams = { prior: 0.1, learns: [0.1], forgets: [0.6], guesses: [0.3], slips: [0.2] };
    assert.equal(expectedCorrectToMastery(forgetful, initialMasteryState(forgetful), 0.95), Infinity);
  });

  it('keeps the state a small JSON-serialisable object', () => {
    const s = updateMastery(params, initialMasteryState(params), { correct: true });
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
    assert.deepEqual(Object.keys(s).sort(), ['n', 'pMastered']);
  });
});

import assert from 'node:assert/strict';
import { resolveConfig } from '../../src/domain/policy/index.ts';
import { medianDifficulty, proofFloor, proofGuess } from '../../src/domain/policy/evidence.ts';
import { answer, at, fresh, pack, params } from './helpers.ts';

// fraction-meaning: meaning-name-fraction (typed, difficulty -2) is among its easiest items;
// meaning-fraction-of-set, meaning-denominator-word (typed) and meaning-vocabulary (matching) are not.
describe('policy: evidence of mastery that cannot be guessed', () => {
  const cfg = resolveConfig();

  it('counts a right answer on one of the skill easiest items as no proof, whatever its class', () => {
    assert.equal(medianDifficulty(pack, 'fraction-meaning'), -1.75);
    assert.equal(proofGuess(pack, params, 'fraction-meaning', 'fraction-entry', 'meaning-name-fraction', cfg), 1);
    assert.equal(proofGuess(pack, params, 'fraction-meaning', 'fraction-entry', 'meaning-fraction-of-set', cfg), 0.05);
    let s = fresh();
    for (let m = 0; m < 12; m++) s = answer(s, 'meaning-name-fraction', true, at(m), { seed: m });
    assert.equal(s.skills['fraction-meaning']?.mastered, false, 'twelve right answers on the easiest item prove nothing');
  });

  it('needs three different proving items right in a row; a wrong answer starts the run again', () => {
    let s = fresh();
    s = answer(s, 'meaning-fraction-of-set', true, at(0));
    s = answer(s, 'meaning-denominator-word', true, at(1));
    assert.equal(s.skills['fraction-meaning']?.mastered, false, 'two typed items are not enough');
    s = answer(s, 'meaning-vocabulary', false, at(2));
    s = answer(s, 'meaning-vocabulary', true, at(3));
    s = answer(s, 'meaning-fraction-of-set', true, at(4));
    assert.equal(s.skills['fraction-meaning']?.mastered, false, 'the run restarted after the error');
    s = answer(s, 'meaning-denominator-word', true, at(5));
    assert.equal(s.skills['fraction-meaning']?.mastered, true);
  });

  it('never asks more than the skill pool can give (its three most telling items)', () => {
    // equivalent-fractions: two typed items (0.05) and a four-option choice (0.25) are its best.
    const pool = proofFloor(pack, params, 'equivalent-fractions', cfg);
    assert.equal(pool.items, 3);
    assert.ok(Math.abs(pool.floor - 0.05 * 0.05 * 0.25) < 1e-12, String(pool.floor));
  });
});

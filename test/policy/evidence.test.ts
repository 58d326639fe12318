import assert from 'node:assert/strict';
import { applyAnswer, initialState, resolveConfig } from '../../src/domain/policy/index.ts';
import type { SkillParams, StudentState } from '../../src/domain/policy/index.ts';
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

  it('sets the floor from the items the activity can serve, so a refit cannot make a skill unmasterable', () => {
    // A refit that reads a class that knew more than assumed as guessing: number-line's typed items
    // 0.22, its number-line points 0.36, while the ordering class stays at 0.1. Its proving items:
    // number-line-beyond-one (typed), number-line-benchmarks (choice, 0.25), visual-place-point-
    // beyond-one (point) and compare-order (ordering, which also needs comparing-fractions).
    const refit: SkillParams = structuredClone(params);
    const nl = refit['number-line'];
    assert.ok(nl?.classes);
    const set = (cls: string, g: number): void => {
      nl.guesses[nl.classes?.gs.indexOf(cls) ?? -1] = g;
    };
    set('fraction-entry', 0.22);
    set('number-line-point', 0.36);
    const activity = ['fraction-meaning', 'number-line'];
    const all = proofFloor(pack, refit, 'number-line', cfg);
    assert.ok(Math.abs(all.floor - 0.1 * 0.22 * 0.25) < 1e-12, `whole pool ${all.floor}`);
    const servable = proofFloor(pack, refit, 'number-line', cfg, activity);
    assert.ok(Math.abs(servable.floor - 0.22 * 0.25 * 0.36) < 1e-12, `servable ${servable.floor}`);

    let s: StudentState = initialState(pack, activity, refit, at(0));
    const say = (st: StudentState, itemId: string, m: number): StudentState => {
      const item = pack.items.find((i) => i.id === itemId);
      assert.ok(item);
      return applyAnswer(pack, refit, st, {
        itemId,
        seed: m,
        skillIds: item.skills,
        itemClass: item.class,
        correct: true,
        hintsUsed: 0,
        at: at(m),
      });
    };
    const easy = ['number-line-point', 'visual-read-number-line', 'number-line-order-same-denominator', 'visual-place-point'];
    const proving = ['number-line-beyond-one', 'number-line-benchmarks', 'visual-place-point-beyond-one'];
    [...easy, ...easy, ...proving].forEach((id, m) => (s = say(s, id, m)));
    assert.ok((s.skills['number-line']?.pMastered ?? 0) >= cfg.masteryThreshold);
    assert.equal(s.skills['number-line']?.mastered, true, 'the three servable proving items right in a row prove it');
  });
});

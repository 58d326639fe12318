import assert from 'node:assert/strict';
import { applyAnswer, resolveConfig } from '../../src/domain/policy/index.ts';
import type { PolicyConfig, SkillState, StudentState } from '../../src/domain/policy/index.ts';
import { evidenceConfig } from '../../src/domain/policy/evidence.ts';
import { at, fresh, pack, params } from './helpers.ts';

const ACT = ['fraction-meaning', 'number-line', 'equivalent-fractions'];

function say(state: StudentState, itemId: string, correct: boolean, m: number, config?: Partial<PolicyConfig>): StudentState {
  const item = pack.items.find((i) => i.id === itemId);
  assert.ok(item, itemId);
  return applyAnswer(
    pack,
    params,
    state,
    { itemId, seed: m, skillIds: item.skills, itemClass: item.class, correct, hintsUsed: 0, at: at(m) },
    config,
  );
}

function skill(s: StudentState, id: string): SkillState {
  const k = s.skills[id];
  assert.ok(k, id);
  return k;
}

// equivalent-fractions: visual-equivalent-bars and equivalent-missing are typed (guess 0.05),
// equivalent-choice has four options (0.25), equivalent-true-false two (0.5).
describe('policy: a skill once paused as stuck needs stronger evidence', () => {
  const cfg = resolveConfig();
  const stuck = (pauses: number): StudentState => {
    const s = fresh(ACT);
    const eq = skill(s, 'equivalent-fractions');
    Object.assign(eq, { attempts: 40, wheelSpinningAt: at(-60), flagAttempts: 40, pMastered: 0.3, pauses });
    return s;
  };
  const LUCKY = ['visual-equivalent-bars', 'equivalent-choice', 'equivalent-true-false'];

  it('asks a paused skill for a guess-rate product of 0.001, not 0.01', () => {
    assert.equal(cfg.pausedProofGuess, 0.001);
    assert.equal(evidenceConfig(skill(stuck(0), 'equivalent-fractions'), cfg).proofGuess, cfg.proofGuess);
    assert.equal(evidenceConfig(skill(stuck(2), 'equivalent-fractions'), cfg).proofGuess, 0.001);
  });

  it('one typed answer and two choice items right (one chance in 160 by guessing) master a flagged skill, not a paused one', () => {
    let flagged = stuck(0);
    LUCKY.forEach((id, m) => (flagged = say(flagged, id, true, m)));
    assert.equal(skill(flagged, 'equivalent-fractions').mastered, true, 'never paused: the usual evidence');

    let paused = stuck(1);
    LUCKY.forEach((id, m) => (paused = say(paused, id, true, m)));
    const eq = skill(paused, 'equivalent-fractions');
    assert.ok(eq.pMastered >= cfg.masteryThreshold, `estimate ${eq.pMastered}`);
    assert.equal(eq.mastered, false, 'a run that a stuck student guesses now and then is not enough after a pause');
    paused = say(paused, 'equivalent-missing', true, 3);
    assert.equal(skill(paused, 'equivalent-fractions').mastered, true, 'a second typed answer right: the student has learned it');
  });
});

// fraction-meaning's proving items: meaning-fraction-of-set, meaning-denominator-word,
// visual-shade-grid (typed or shaded, 0.05) and meaning-vocabulary (matching, 0.1).
describe('policy: partial knowledge needs a longer run', () => {
  const cfg = resolveConfig();
  const partial = (config?: Partial<PolicyConfig>): StudentState => {
    let s = fresh(ACT);
    // Two runs that held a right typed answer and broke on the next item.
    s = say(s, 'meaning-fraction-of-set', true, 0, config);
    s = say(s, 'meaning-vocabulary', false, 1, config);
    s = say(s, 'meaning-denominator-word', true, 2, config);
    s = say(s, 'visual-shade-grid', false, 3, config);
    return s;
  };
  const RUN = ['meaning-fraction-of-set', 'meaning-denominator-word', 'meaning-vocabulary'];

  it('counts runs that held a proving right answer and then broke', () => {
    const s = skill(partial(), 'fraction-meaning');
    assert.equal(s.brokenRuns, 2);
    assert.equal(evidenceConfig(s, cfg).proofItems, cfg.proofItems + 1);
    const wrongOnly = say(say(fresh(ACT), 'meaning-vocabulary', false, 0), 'meaning-vocabulary', false, 1);
    assert.equal(skill(wrongOnly, 'fraction-meaning').brokenRuns, undefined, 'wrong answers alone break no run');
  });

  it('after two broken runs, three different proving items right are not yet mastery; a fourth is', () => {
    let s = partial();
    RUN.forEach((id, m) => (s = say(s, id, true, 10 + m)));
    const fm = skill(s, 'fraction-meaning');
    assert.ok(fm.pMastered >= cfg.masteryThreshold, `estimate ${fm.pMastered}`);
    assert.equal(fm.mastered, false, 'right part of the time: three in a row may be a good streak');
    s = say(s, 'visual-shade-grid', true, 13);
    assert.equal(skill(s, 'fraction-meaning').mastered, true);
  });

  it('without the rule the same three answers would have declared it (so the test measures the rule)', () => {
    const off = { partialProofItems: 0 };
    let s = partial(off);
    RUN.forEach((id, m) => (s = say(s, id, true, 10 + m, off)));
    assert.equal(skill(s, 'fraction-meaning').mastered, true);
  });
});

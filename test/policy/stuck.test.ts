import assert from 'node:assert/strict';
import { nextStep, resolveConfig } from '../../src/domain/policy/index.ts';
import type { StudentState } from '../../src/domain/policy/index.ts';
import { answer, at, fresh, pack, params } from './helpers.ts';

// add-like has no prerequisite in this activity but fraction-meaning, so a student who knows
// fraction-meaning can work on add-like alone; its items rotate so no answer repeats an item.
const ACT = ['fraction-meaning', 'add-like'];
const ADD = ['add-like-calc', 'add-like-choice', 'add-like-missing', 'add-like-word', 'visual-shade-sum'];

function wrongs(state: StudentState, n: number, from: number): StudentState {
  let s = state;
  for (let m = from; m < from + n; m++) s = answer(s, ADD[m % ADD.length] as string, false, at(m), { seed: m });
  return s;
}

describe('policy: a stuck skill is paused, not drilled', () => {
  const cfg = resolveConfig();
  const known = (): StudentState => {
    const s = fresh(ACT);
    const fm = s.skills['fraction-meaning'];
    assert.ok(fm);
    fm.mastered = true;
    fm.everMastered = true;
    fm.pMastered = 0.99;
    return s;
  };

  it('pauses after ten more tries without progress once flagged (slow learners get the time they need)', () => {
    assert.equal(cfg.stuckTries, 10);
    let s = wrongs(known(), cfg.wheelSpinAfter, 0);
    const add = (): NonNullable<StudentState['skills'][string]> => s.skills['add-like'] as NonNullable<StudentState['skills'][string]>;
    assert.ok(add().wheelSpinningAt, 'flagged after ten wrong answers');
    s = wrongs(s, 5, cfg.wheelSpinAfter);
    assert.equal(add().pausedUntil, undefined, 'five tries after the flag: still practising');
    s = wrongs(s, 5, cfg.wheelSpinAfter + 5);
    const until = add().pausedUntil;
    assert.ok(until, 'ten tries after the flag with no progress: paused');
    assert.equal(until, '2025-03-04T00:00:00.000Z', 'until the start of the next day');
    assert.equal(add().mastered, false);
    const step = nextStep(pack, params, s, { activitySkills: ACT, now: at(40), seed: 1 });
    assert.equal(step.kind, 'done', 'nothing else is ready: the session ends rather than drilling');
    assert.deepEqual(step.kind === 'done' ? step.paused : undefined, ['add-like']);
    const tomorrow = nextStep(pack, params, s, { activitySkills: ACT, now: '2025-03-04T09:00:00.000Z', seed: 1 });
    assert.equal(tomorrow.kind === 'done' ? 'done' : tomorrow.skillId, 'add-like', 'back to it the next day');
  });

  it('does not pause a flagged skill whose estimate has risen (progress restarts the count)', () => {
    let s = wrongs(known(), cfg.wheelSpinAfter, 0);
    // Right answers on the skill's easiest item: the estimate rises, though they prove no mastery.
    for (let m = 0; m < cfg.stuckTries; m++) s = answer(s, 'visual-shade-sum', true, at(20 + m), { seed: 100 + m });
    assert.equal(s.skills['add-like']?.mastered, false);
    assert.ok((s.skills['add-like']?.pMastered ?? 0) >= cfg.wheelSpinBelow);
    assert.equal(s.skills['add-like']?.pausedUntil, undefined);
  });

  it('a run of guesses on choice items never declares the stuck skill mastered', () => {
    let s = wrongs(known(), cfg.wheelSpinAfter, 0);
    for (let m = 0; m < 12; m++) s = answer(s, 'add-like-choice', true, at(30 + m), { seed: 200 + m });
    assert.equal(s.skills['add-like']?.mastered, false, 'the same four-option item right twelve times is one piece of evidence');
  });
});

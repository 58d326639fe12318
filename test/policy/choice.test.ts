import assert from 'node:assert/strict';
import { chooseSkill, goalProgress, nextStep, setGoal } from '../../src/domain/policy/index.ts';
import { ACTIVITY, T0, at, deepFreeze, fresh, master, pack, params } from './helpers.ts';

describe('policy: student choice and goals', () => {
  const opened = master(fresh(), 'meaning-name-fraction', T0).state;

  it('works on the ready skill the student picked', () => {
    const r = chooseSkill(pack, opened, 'add-like', ACTIVITY);
    assert.ok(r.ok);
    if (!r.ok) return;
    for (let seed = 0; seed < 8; seed++) {
      const step = nextStep(pack, params, r.state, { activitySkills: ACTIVITY, now: at(40), seed });
      assert.equal(step.kind === 'item' && step.skillId, 'add-like');
      assert.match(step.reason, /You chose/);
    }
  });

  it('explains that a prerequisite comes first when the chosen skill is re-gated', () => {
    const chosen = { ...opened, chosenSkill: 'equivalent-fractions' };
    const step = nextStep(pack, params, chosen, { activitySkills: ACTIVITY, now: at(40), seed: 3 });
    assert.equal(step.kind === 'item' && step.skillId, 'number-line');
    assert.match(step.reason, /needs "Fractions on the number line" first/);
  });

  it('refuses a mastered skill or one outside the activity', () => {
    assert.equal(chooseSkill(pack, opened, 'fraction-meaning', ACTIVITY).ok, false);
    assert.equal(chooseSkill(pack, opened, 'divide-fractions', ACTIVITY).ok, false);
  });

  it('follows the goal path and reports progress against the date', () => {
    const g = setGoal(pack, opened, { skills: ['equivalent-fractions'], by: '2025-03-13T09:00:00.000Z', now: T0 }, ACTIVITY);
    assert.ok(g.ok);
    if (!g.ok) return;
    for (let seed = 0; seed < 8; seed++) {
      const step = nextStep(pack, params, g.state, { activitySkills: ACTIVITY, now: at(40), seed });
      assert.equal(step.kind === 'item' && step.skillId, 'number-line', 'add-like is not on the way to the goal');
    }
    const early = goalProgress(pack, g.state, ACTIVITY, '2025-03-04T09:00:00.000Z');
    assert.deepEqual(early, { skills: ['equivalent-fractions'], mastered: 0, total: 1, by: '2025-03-13T09:00:00.000Z', onTrack: true });
    assert.equal(goalProgress(pack, g.state, ACTIVITY, '2025-03-14T09:00:00.000Z')?.onTrack, false);
  });

  it('rejects goals with unknown skills or dates in the past', () => {
    assert.equal(setGoal(pack, opened, { skills: ['divide-fractions'] }, ACTIVITY).ok, false);
    assert.equal(setGoal(pack, opened, { by: '2020-01-01', now: T0 }, ACTIVITY).ok, false);
    assert.equal(setGoal(pack, opened, { by: 'soon' }, ACTIVITY).ok, false);
  });

  it('never mutates the state it is given', () => {
    const frozen = deepFreeze(structuredClone(opened));
    chooseSkill(pack, frozen, 'add-like', ACTIVITY);
    setGoal(pack, frozen, { skills: ['add-like'] }, ACTIVITY);
    nextStep(pack, params, frozen, { activitySkills: ACTIVITY, now: at(40), seed: 1 });
  });
});

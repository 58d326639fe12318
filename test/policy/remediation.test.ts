import assert from 'node:assert/strict';
import { predictCorrect } from '../../src/domain/mastery/index.ts';
import { applyStepShown, emissionFor, hintAllowed, nextStep } from '../../src/domain/policy/index.ts';
import type { StudentState } from '../../src/domain/policy/index.ts';
import { ACTIVITY, T0, answer, at, fresh, master, pack, params } from './helpers.ts';

describe('policy: remediation sequence', () => {
  const ctx = (m: number, seed = 1): { activitySkills: string[]; now: string; seed: number } => ({
    activitySkills: ACTIVITY,
    now: at(m),
    seed,
  });
  // number-line is ready once fraction-meaning is mastered.
  const base = master(fresh(), 'meaning-name-fraction', T0).state;
  function wrong(s: StudentState, n: number, from: number): StudentState {
    let x = s;
    for (let i = 0; i < n; i++) x = answer(x, 'number-line-point', false, at(from + i), { seed: from + i });
    return x;
  }

  it('offers the next hint after an incorrect answer, not after a correct one', () => {
    const s = wrong(base, 1, 40);
    assert.equal(hintAllowed(s, 'number-line'), true);
    assert.equal(hintAllowed(answer(s, 'number-line-point', true, at(42)), 'number-line'), false);
  });

  it('keeps practising normally after fewer errors than the limit', () => {
    const step = nextStep(pack, params, wrong(base, 2, 40), ctx(45));
    assert.equal(step.kind, 'item');
  });

  it('shows the worked example, then an easier item, then a resource, then normal practice', () => {
    let s = wrong(base, 3, 40);
    const we = nextStep(pack, params, s, ctx(45));
    assert.equal(we.kind, 'worked-example');
    assert.equal(we.kind === 'worked-example' && we.skillId, 'number-line');
    assert.match(we.reason, /3 wrong answers in a row/);
    s = applyStepShown(s, we, at(45));

    const easier = nextStep(pack, params, s, ctx(46));
    assert.equal(easier.kind, 'item');
    if (easier.kind !== 'item') return;
    assert.equal(easier.remediation, true);
    assert.match(easier.reason, /easier question/);
    const { params: p, gsClass } = emissionFor(pack, params, 'number-line', 'fraction-entry');
    const failedItem = predictCorrect(p, s.skills['number-line']!, gsClass);
    assert.notEqual(easier.itemId, 'number-line-point');
    assert.ok(easier.predictedCorrect > failedItem, `${easier.predictedCorrect} <= ${failedItem}`);
    s = applyStepShown(s, easier, at(46));
    s = answer(s, easier.itemId, false, at(47), { seed: easier.seed });

    const res = nextStep(pack, params, s, ctx(48));
    assert.equal(res.kind, 'resource');
    if (res.kind !== 'resource') return;
    assert.equal(res.skillId, 'number-line');
    s = applyStepShown(s, res, at(48));
    assert.equal(s.skills['number-line']?.pendingResource, res.resourceIndex);

    const after = nextStep(pack, params, s, ctx(49));
    assert.equal(after.kind, 'item');
    assert.notEqual(after.kind === 'item' && after.remediation, true);
  });

  it('uses a mastered prerequisite for the easier question only when one slip would not un-master it', () => {
    // The last miss was on number-line's easiest item (lowest authored difficulty), so no item of its own is easier.
    let s = base;
    for (let i = 0; i < 3; i++) s = answer(s, 'visual-place-point', false, at(40 + i), { seed: i });
    s = applyStepShown(s, { kind: 'worked-example', skillId: 'number-line', reason: '' }, at(44));
    const justMastered = nextStep(pack, params, s, ctx(45));
    assert.equal(justMastered.kind, 'item');
    assert.equal(justMastered.kind === 'item' && justMastered.skillId, 'number-line');
    const solid: StudentState = structuredClone(s);
    solid.skills['fraction-meaning'] = { ...solid.skills['fraction-meaning']!, pMastered: 0.9999 };
    const pre = nextStep(pack, params, solid, ctx(45));
    assert.equal(pre.kind === 'item' && pre.skillId, 'fraction-meaning');
    assert.match(pre.kind === 'item' ? pre.reason : '', /easier question on "/);
  });

  it('rewards the resource with the next attempt and resets the sequence after a correct answer', () => {
    let s = wrong(base, 3, 40);
    s = applyStepShown(s, { kind: 'worked-example', skillId: 'number-line', reason: '' }, at(45));
    s = answer(s, 'number-line-benchmarks', false, at(46));
    s = applyStepShown(s, { kind: 'resource', skillId: 'number-line', resourceIndex: 0, reason: '' }, at(47));
    s = answer(s, 'number-line-point', true, at(48));
    assert.deepEqual(s.resourceStats['number-line'], [{ shown: 1, helped: 1 }]);
    assert.equal(s.skills['number-line']?.errorStreak, 0);
    assert.equal(s.skills['number-line']?.remediation, 'none');
    assert.equal(s.skills['number-line']?.pendingResource, undefined);
  });

  it('lets the resource that helps most rise (bandit over course statistics)', () => {
    // equivalent-fractions has three resources; course data says the third one helps.
    const course = {
      'equivalent-fractions': [
        { shown: 40, helped: 6 },
        { shown: 40, helped: 8 },
        { shown: 40, helped: 30 },
      ],
    };
    let s: StudentState = structuredClone(base);
    s.skills['number-line'] = { ...s.skills['number-line']!, mastered: true, everMastered: true, pMastered: 0.97 };
    for (let i = 0; i < 3; i++) s = answer(s, 'equivalent-missing', false, at(50 + i));
    s = applyStepShown(s, { kind: 'worked-example', skillId: 'equivalent-fractions', reason: '' }, at(53));
    s = answer(s, 'equivalent-true-false', false, at(54));
    const picks = [0, 0, 0];
    for (let seed = 0; seed < 60; seed++) {
      const step = nextStep(pack, params, s, { activitySkills: ACTIVITY, now: at(55), seed, courseResourceStats: course });
      assert.equal(step.kind, 'resource');
      if (step.kind === 'resource') picks[step.resourceIndex] = (picks[step.resourceIndex] ?? 0) + 1;
    }
    assert.ok((picks[2] ?? 0) > 50, `picks ${picks.join(',')}`);
  });
});

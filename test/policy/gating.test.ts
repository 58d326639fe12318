import assert from 'node:assert/strict';
import { activityScore, chooseSkill, nextStep, skillMap } from '../../src/domain/policy/index.ts';
import { ACTIVITY, T0, at, fresh, master, pack, params, take } from './helpers.ts';

describe('policy: competency-based progression', () => {
  it('opens only skills whose prerequisites in the activity are mastered', () => {
    const map = skillMap(pack, fresh(), ACTIVITY, T0);
    const status = Object.fromEntries(map.map((e) => [e.skillId, e.status]));
    assert.deepEqual(status, {
      'fraction-meaning': 'ready',
      'number-line': 'locked',
      'add-like': 'locked',
      'equivalent-fractions': 'locked',
    });
    assert.deepEqual(map.find((e) => e.skillId === 'equivalent-fractions')?.missing, ['number-line']);
  });

  it('serves only open skills while the student learns, whatever the answers', () => {
    let s = fresh();
    for (let i = 0; i < 60; i++) {
      const step = nextStep(pack, params, s, { activitySkills: ACTIVITY, now: at(i), seed: i });
      if (step.kind === 'done') break;
      if (step.kind === 'item') {
        const locked = skillMap(pack, s, ACTIVITY, at(i))
          .filter((e) => e.status === 'locked')
          .map((e) => e.skillId);
        const item = pack.items.find((x) => x.id === step.itemId);
        assert.ok(item && !item.skills.some((k) => locked.includes(k)), `item ${step.itemId} touches a locked skill`);
      }
      s = take(s, step, i % 3 !== 0, at(i));
    }
  });

  it('opens the dependents once the prerequisite is mastered, and mastered skills leave the queue', () => {
    const { state } = master(fresh(), 'meaning-name-fraction', T0);
    const map = skillMap(pack, state, ACTIVITY, at(30));
    assert.equal(map.find((e) => e.skillId === 'fraction-meaning')?.status, 'mastered');
    assert.equal(map.find((e) => e.skillId === 'number-line')?.status, 'ready');
    assert.equal(map.find((e) => e.skillId === 'add-like')?.status, 'ready');
    for (let seed = 0; seed < 10; seed++) {
      const step = nextStep(pack, params, state, { activitySkills: ACTIVITY, now: at(30), seed });
      assert.equal(step.kind, 'item');
      assert.notEqual(step.kind === 'item' && step.skillId, 'fraction-meaning');
    }
  });

  it('ignores prerequisites the teacher did not assign', () => {
    const map = skillMap(pack, fresh(['add-like']), ['add-like'], T0);
    assert.equal(map[0]?.status, 'ready');
  });

  it('scores the activity as mastered skills over assigned skills', () => {
    const { state } = master(fresh(), 'meaning-name-fraction', T0);
    assert.deepEqual(activityScore(state, ACTIVITY), { mastered: 1, assigned: 4, score: 0.25 });
  });

  it('refuses a locked skill with the prerequisites that must come first', () => {
    const r = chooseSkill(pack, fresh(), 'equivalent-fractions', ACTIVITY);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.deepEqual(r.missing, ['number-line']);
      assert.match(r.reason, /first/);
    }
  });
});

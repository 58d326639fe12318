import assert from 'node:assert/strict';
import { nextStep, reviewDue, skillMap } from '../../src/domain/policy/index.ts';
import type { StudentState } from '../../src/domain/policy/index.ts';
import { ACTIVITY, T0, answer, at, fresh, master, pack, params, take } from './helpers.ts';

describe('policy: spaced review after mastery', () => {
  const { state: mastered, minutes } = master(fresh(), 'meaning-name-fraction', T0);
  const card = mastered.skills['fraction-meaning']?.review;

  it('schedules the first review days after mastery (FSRS, retention 0.95)', () => {
    assert.ok(card);
    const days = (Date.parse(card.due) - Date.parse(at(minutes - 1))) / 86_400_000;
    assert.ok(days >= 1 && days <= 7, `first review after ${days} days`);
    assert.equal(reviewDue(card, at(minutes)), false);
    assert.equal(reviewDue(card, card.due), true);
  });

  it('serves no review before it is due, and a review item once it is', () => {
    const before = nextStep(pack, params, mastered, { activitySkills: ACTIVITY, now: at(minutes + 5), seed: 1 });
    assert.notEqual(before.kind === 'item' && before.review, true);
    const due = card?.due ?? T0;
    const step = nextStep(pack, params, mastered, { activitySkills: ACTIVITY, now: due, seed: 1 });
    assert.equal(step.kind, 'item');
    assert.equal(step.kind === 'item' && step.skillId, 'fraction-meaning');
    assert.equal(step.kind === 'item' && step.review, true);
    assert.match(step.reason, /Review of "What a fraction means"/);
  });

  it('pushes the next review further out after a successful review', () => {
    const due = card?.due ?? T0;
    const step = nextStep(pack, params, mastered, { activitySkills: ACTIVITY, now: due, seed: 1 });
    const after = take(mastered, step, true, due);
    const next = after.skills['fraction-meaning']?.review;
    assert.ok(next && Date.parse(next.due) - Date.parse(due) > Date.parse(due) - Date.parse(at(minutes - 1)));
    assert.equal(after.skills['fraction-meaning']?.mastered, true);
    assert.equal(after.skills['fraction-meaning']?.reviews, 1);
  });

  it('a failed review lowers mastery, re-opens the skill and re-gates the skills that depend on it', () => {
    const due = card?.due ?? T0;
    const step = nextStep(pack, params, mastered, { activitySkills: ACTIVITY, now: due, seed: 1 });
    const before = mastered.skills['fraction-meaning']?.pMastered ?? 0;
    const failed: StudentState = take(mastered, step, false, due);
    const s = failed.skills['fraction-meaning'];
    assert.ok(s && s.pMastered < before && s.pMastered < 0.95);
    assert.equal(s?.mastered, false);
    assert.equal(s?.lapses, 1);
    const map = Object.fromEntries(skillMap(pack, failed, ACTIVITY, due).map((e) => [e.skillId, e.status]));
    assert.equal(map['fraction-meaning'], 'in-progress');
    assert.equal(map['number-line'], 'locked');
    assert.equal(map['add-like'], 'locked');
    const next = nextStep(pack, params, failed, { activitySkills: ACTIVITY, now: at(1, due), seed: 2 });
    assert.equal(next.kind === 'item' && next.skillId, 'fraction-meaning');
  });

  it('keeps a dependent that was already mastered when its prerequisite lapses', () => {
    let s = mastered;
    s = master(s, 'add-like-calc', at(minutes)).state;
    const due = s.skills['fraction-meaning']?.review?.due ?? T0;
    s = answer(s, 'meaning-name-fraction', false, due);
    assert.equal(s.skills['fraction-meaning']?.mastered, false);
    assert.equal(skillMap(pack, s, ACTIVITY, due).find((e) => e.skillId === 'add-like')?.status, 'mastered');
  });
});

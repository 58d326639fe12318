/**
 * The cockpit's pure part (src/domain/policy/cockpit.ts), without a database: cells and flags in a
 * teacher's words, and the state changes a teacher makes (focus skill before remediation, mastered,
 * start over, restore for undo, and undo after new answers replaying them).
 */
import assert from 'node:assert/strict';
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import {
  applyAnswer,
  attentionFor,
  cellStatus,
  flags,
  initialState,
  nextStep,
  paramsFromPack,
  replaySkill,
  restoreSkill,
  teacherFocus,
  teacherMarkMastered,
  teacherResetSkill,
  type StudentState,
} from '../../src/domain/policy/index.ts';

const pack = loadBundledPack();
const params = paramsFromPack(pack);
const skills = ['number-line', 'add-like'];
const t0 = '2026-03-02T09:00:00.000Z';

function wrongOn(state: StudentState, skillId: string, n: number): StudentState {
  const item = pack.items.find((i) => i.skills.includes(skillId) && i.skills.length === 1)!;
  for (let i = 0; i < n; i++) {
    state = applyAnswer(pack, params, state, {
      itemId: item.id,
      seed: i + 1,
      skillIds: item.skills,
      itemClass: item.class,
      correct: false,
      hintsUsed: 0,
      durationMs: 20_000,
      at: new Date(Date.parse(t0) + i * 60_000).toISOString(),
    });
  }
  return state;
}

describe('the cockpit’s pure rules', () => {
  it('a teacher’s focus skill decides the next step even while another skill is being remediated', () => {
    const struggling = wrongOn(initialState(pack, skills, params, t0), 'number-line', 4);
    const ctx = { activitySkills: skills, now: '2026-03-02T10:00:00.000Z', seed: 7 };
    assert.equal(
      (nextStep(pack, params, struggling, ctx) as { skillId?: string }).skillId,
      'number-line',
      'remediation first without a focus',
    );
    const r = teacherFocus(pack, struggling, 'add-like', skills);
    assert.ok(r.ok);
    const step = nextStep(pack, params, r.state, ctx);
    assert.equal(step.kind, 'item');
    assert.equal((step as { skillId: string }).skillId, 'add-like');
    assert.equal(struggling.chosenSkill, undefined, 'the input state is untouched');
  });

  it('refuses a focus on a skill outside the activity or already mastered, with the reason', () => {
    const s = initialState(pack, skills, params, t0);
    const outside = teacherFocus(pack, s, 'divide-fractions', skills);
    assert.equal(outside.ok, false);
    const m = teacherMarkMastered(pack, s, 'add-like', t0);
    assert.ok(m.ok);
    const again = teacherFocus(pack, m.state, 'add-like', skills);
    assert.ok(!again.ok && /already mastered/.test(again.reason));
  });

  it('marks mastered (with a review scheduled), starts over, and restores exactly what was there', () => {
    const s = wrongOn(initialState(pack, skills, params, t0), 'number-line', 2);
    const m = teacherMarkMastered(pack, s, 'number-line', t0);
    assert.ok(m.ok);
    const k = m.state.skills['number-line']!;
    assert.equal(k.mastered, true);
    assert.ok(k.pMastered >= 0.95);
    assert.ok(k.review?.due);
    assert.equal(cellStatus(pack, m.state, 'number-line', skills, t0), 'mastered');
    assert.equal(cellStatus(pack, m.state, 'number-line', skills, '2030-01-01T00:00:00.000Z'), 'review-due');
    const reset = teacherResetSkill(pack, m.state, 'number-line', params);
    assert.ok(reset.ok);
    assert.equal(reset.state.skills['number-line']!.mastered, false);
    assert.equal(reset.state.skills['number-line']!.attempts, 0);
    const back = restoreSkill(m.state, 'number-line', s.skills['number-line']!, null);
    assert.deepEqual(back.skills['number-line'], s.skills['number-line']);
  });

  it('undo after new answers gives the skill as if the teacher had not changed it, with those answers applied', () => {
    const before = wrongOn(initialState(pack, skills, params, t0), 'number-line', 2);
    const m = teacherMarkMastered(pack, before, 'number-line', t0);
    assert.ok(m.ok);
    const item = pack.items.find((i) => i.skills.includes('number-line') && i.skills.length === 1)!;
    const since = [true, false, true].map((correct, i) => ({
      itemId: item.id,
      seed: 50 + i,
      skillIds: item.skills,
      itemClass: item.class,
      correct,
      hintsUsed: 0,
      durationMs: 10_000,
      at: new Date(Date.parse(t0) + (10 + i) * 60_000).toISOString(),
    }));
    let withAnswers = m.state;
    let without = before;
    for (const ev of since) {
      withAnswers = applyAnswer(pack, params, withAnswers, ev);
      without = applyAnswer(pack, params, without, ev);
    }
    const skill = replaySkill(pack, params, withAnswers, 'number-line', before.skills['number-line']!, since);
    const expected = without.skills['number-line']!;
    assert.equal(skill?.attempts, expected.attempts);
    assert.equal(skill?.correct, expected.correct);
    assert.equal(skill?.pMastered, expected.pMastered);
    assert.equal(skill?.mastered, expected.mastered);
    assert.equal(skill?.lastAt, since.at(-1)!.at);
    assert.ok(!skill?.mastered, 'the teacher’s mark is gone: the estimate decides again');
    // Without answers since, the undo gives back exactly the state before.
    assert.deepEqual(replaySkill(pack, params, m.state, 'number-line', before.skills['number-line']!, []), before.skills['number-line']);
    assert.equal(replaySkill(pack, params, m.state, 'add-like', null, []), null, 'a skill that did not exist goes away');
  });

  it('says what is wrong and what to try, without jargon or raw probabilities', () => {
    const s = wrongOn(initialState(pack, skills, params, t0), 'number-line', 12);
    const now = '2026-03-20T10:00:00.000Z';
    const words = attentionFor(pack, s, flags(pack, s, now), now);
    assert.ok(words.some((w) => w.kind === 'wheel-spinning' && /12 tries on “/.test(w.reason) && /one-to-one/.test(w.suggestion)));
    assert.ok(words.some((w) => w.kind === 'inactive' && /No practice for 18 days/.test(w.reason)));
    for (const w of words) assert.doesNotMatch(`${w.reason} ${w.suggestion}`, /BKT|Bayes|0\.\d|probab|estimated mastery/i);
    assert.equal(attentionFor(pack, undefined, [], now)[0]!.kind, 'not-started');
    assert.equal(cellStatus(pack, undefined, 'number-line', skills, now), 'not-started');
  });
});

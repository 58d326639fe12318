import assert from 'node:assert/strict';
import fc from 'fast-check';
import { itemsForSkill } from '../../src/domain/content/index.ts';
import { activityScore, applyStepShown, flags, nextStep, skillMap } from '../../src/domain/policy/index.ts';
import type { StudentState } from '../../src/domain/policy/index.ts';
import { decayedMastery, extendRun, runProves } from '../../src/domain/policy/evidence.ts';
import { resolveConfig } from '../../src/domain/policy/config.ts';
import { freshSkill, missingPrerequisites } from '../../src/domain/policy/graph.ts';
import { ACTIVITY, T0, answer, at, fresh, master, pack, params, take } from './helpers.ts';

const cfg = resolveConfig();

describe('policy: mastery a teacher can trust', () => {
  it('never declares mastery on guessable answers alone, however high the estimate', () => {
    let s: StudentState = fresh();
    // The skill's true/false item, right every time: the estimate passes the threshold, the proof never comes.
    for (let m = 0; m < 10; m++) s = answer(s, 'meaning-equal-parts', true, at(m), { seed: m });
    const st = s.skills['fraction-meaning'];
    assert.ok(st);
    assert.ok(st.pMastered >= cfg.masteryThreshold, `estimate ${st.pMastered}`);
    assert.ok((st.guessRun ?? 1) > cfg.confirmGuess);
    assert.equal(st.mastered, false);
  });

  it('one typed answer is not proof, two different typed answers are; the same item twice in a row adds nothing', () => {
    const s = freshSkill(0.2);
    extendRun(s, 'a', 0.05, true);
    assert.equal(runProves(s, cfg), false);
    extendRun(s, 'a', 0.05, true);
    assert.equal(runProves(s, cfg), false);
    extendRun(s, 'b', 0.05, true);
    assert.equal(runProves(s, cfg), true);
    extendRun(s, 'c', 0.05, false);
    assert.equal(s.guessRun, undefined);
    // A flagged skill needs the proof squared.
    const f = { ...freshSkill(0.2), wheelSpinningAt: T0, guessRun: 0.0025 };
    assert.equal(runProves(f, cfg), false);
  });

  it('old progress documents without the new fields still load and step', () => {
    const s = JSON.parse(JSON.stringify(fresh())) as StudentState;
    for (const k of Object.values(s.skills)) delete (k as { seen?: string[] }).seen;
    const step = nextStep(pack, params, s, { activitySkills: ACTIVITY, now: T0, seed: 1 });
    assert.equal(step.kind, 'item');
  });
});

describe('policy: variety', () => {
  it('serves no item twice while unused servable items of its skill remain (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 10, maxLength: 40 }), fc.integer({ min: 1, max: 1e6 }), (answers, seed) => {
        let s = fresh();
        const served = new Set<string>();
        answers.forEach((right, m) => {
          const step = nextStep(pack, params, s, { activitySkills: ACTIVITY, now: at(m), seed: seed + m });
          if (step.kind === 'item' && !step.review && step.remediation !== true) {
            const open = (k: string): boolean =>
              ACTIVITY.includes(k) && (s.skills[k]?.mastered === true || missingPrerequisites(pack, s, k, ACTIVITY).length === 0);
            const unused = itemsForSkill(pack, step.skillId).filter(
              (i) => i.skills.every(open) && !(s.skills[step.skillId]?.seen ?? []).includes(i.id),
            );
            if ((s.skills[step.skillId]?.seen ?? []).includes(step.itemId))
              assert.equal(unused.length, 0, `${step.itemId} again while ${unused.map((i) => i.id).join(',')} unused`);
            served.add(step.itemId);
          }
          s = take(s, step, right, at(m));
        });
      }),
      { numRuns: 40 },
    );
  });

  it('the easier item after a worked example is not the item just failed', () => {
    let s = fresh();
    for (let m = 0; m < 3; m++) s = answer(s, 'meaning-name-fraction', false, at(m), { seed: m });
    const we = nextStep(pack, params, s, { activitySkills: ACTIVITY, now: at(4), seed: 4 });
    assert.equal(we.kind, 'worked-example');
    s = applyStepShown(s, we, at(4));
    s = answer(s, 'meaning-fraction-of-set', false, at(5), { seed: 5 });
    s = applyStepShown(s, { kind: 'worked-example', skillId: 'fraction-meaning', reason: '' }, at(6));
    const easier = nextStep(pack, params, s, { activitySkills: ACTIVITY, now: at(7), seed: 7 });
    assert.equal(easier.kind, 'item');
    assert.notEqual(easier.kind === 'item' && easier.itemId, 'meaning-fraction-of-set');
  });
});

describe('policy: stuck means a change of plan', () => {
  it('flags within 15 tries, changes plan, pauses the skill, tells the teacher, and never masters it on guesses', () => {
    let s = fresh(['fraction-meaning']);
    let m = 0;
    let flaggedAt: number | undefined;
    let pausedAt: number | undefined;
    const kinds = new Set<string>();
    while (m < 60 && pausedAt === undefined) {
      const step = nextStep(pack, params, s, { activitySkills: ['fraction-meaning'], now: at(m), seed: m });
      kinds.add(step.kind);
      // Guessing: right on about one in three, at random.
      s = take(s, step, (m * 7) % 3 === 0, at(m));
      const st = s.skills['fraction-meaning'];
      if (flaggedAt === undefined && st?.wheelSpinningAt) flaggedAt = st.attempts;
      if (st?.pausedUntil) pausedAt = st.attempts;
      assert.equal(st?.mastered, false);
      m += 1;
    }
    assert.ok(flaggedAt !== undefined && flaggedAt <= 15, `flagged at ${flaggedAt}`);
    assert.ok(pausedAt !== undefined && pausedAt - (flaggedAt ?? 0) <= cfg.stuckTries, `paused at ${pausedAt}`);
    assert.ok(kinds.has('worked-example'));
    const now = at(m);
    const step = nextStep(pack, params, s, { activitySkills: ['fraction-meaning'], now, seed: 99 });
    assert.equal(step.kind, 'done');
    assert.ok(step.kind === 'done' && step.paused?.includes('fraction-meaning'));
    assert.match(flags(pack, s, now, undefined, params).find((f) => f.kind === 'wheel-spinning')?.reason ?? '', /paused this skill/);
    const entry = skillMap(pack, s, ['fraction-meaning'], now)[0];
    assert.equal(entry?.paused, true);
    assert.match(entry?.note ?? '', /Your teacher will help/);
  });
});

describe('policy: forgetting', () => {
  it('a mastered skill decays with time, needs a refresh on the map and in the grade, and a wrong answer then withdraws it', () => {
    const { state } = master(fresh(), 'meaning-name-fraction', T0);
    const st = state.skills['fraction-meaning'];
    assert.ok(st?.mastered);
    const later = new Date(Date.parse(T0) + 60 * 86_400_000).toISOString();
    assert.ok(decayedMastery(st, later) < st.pMastered - 0.05);
    assert.ok(decayedMastery(st, at(1)) > st.pMastered - 0.01);
    const entry = skillMap(pack, state, ACTIVITY, later).find((e) => e.skillId === 'fraction-meaning');
    assert.equal(entry?.needsRefresh, true);
    assert.match(entry?.note ?? '', /refresh/);
    assert.equal(activityScore(state, ACTIVITY, undefined, later).needRefresh, 1);
    const after = answer(state, 'meaning-fraction-of-set', false, later);
    assert.equal(after.skills['fraction-meaning']?.mastered, false);
  });
});

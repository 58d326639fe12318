import assert from 'node:assert/strict';
import { nextStep } from '../../src/domain/policy/index.ts';
import type { Step } from '../../src/domain/policy/index.ts';
import { candidatesFor } from '../../src/domain/policy/items.ts';
import { ACTIVITY, T0, answer, at, fresh, master, pack, params, take } from './helpers.ts';

function itemStep(s: Step): Extract<Step, { kind: 'item' }> {
  assert.equal(s.kind, 'item');
  return s as Extract<Step, { kind: 'item' }>;
}

describe('policy: edge of ability', () => {
  it('picks the item whose predicted success is closest to the 70-85% band (bandOnKnowledge off: raw P(correct))', () => {
    // Fresh student (P(mastered) 0.2): a true/false item (guess 0.5) predicts 58%, typed answers ~22%.
    const ctx = { activitySkills: ACTIVITY, now: T0, seed: 1 };
    const step = itemStep(nextStep(pack, params, fresh(), ctx, { bandOnKnowledge: false }));
    assert.equal(step.itemId, 'meaning-equal-parts');
    assert.ok(Math.abs(step.predictedCorrect - 0.58) < 1e-9);
    assert.match(step.reason, /closest to the 70%-85% band/);
  });

  it('by default measures the band on the chance of answering from knowledge: the true/false item is no longer "closest" by luck', () => {
    const step = itemStep(nextStep(pack, params, fresh(), { activitySkills: ACTIVITY, now: T0, seed: 1 }));
    assert.notEqual(step.itemId, 'meaning-equal-parts');
    const cls = pack.items.find((i) => i.id === step.itemId)?.class ?? '';
    assert.ok((pack.itemClasses[cls]?.guess ?? 1) <= 0.1, `${step.itemId} (${cls})`);
  });

  it('moves to a typed-answer item once the prediction for it enters the band', () => {
    let s = fresh();
    for (let i = 0; i < 3; i++) s = answer(s, 'meaning-equal-parts', true, at(i), { seed: i });
    const p = s.skills['fraction-meaning']?.pMastered ?? 0;
    assert.ok(p > 0.55 && p < 0.95, `P(mastered) ${p}`);
    const step = itemStep(nextStep(pack, params, s, { activitySkills: ACTIVITY, now: at(5), seed: 2 }));
    assert.ok(step.predictedCorrect >= 0.7 && step.predictedCorrect <= 0.85, `predicted ${step.predictedCorrect}`);
    assert.match(step.reason, /in the 70%-85% band/);
    // A low-guess item (typed, or built by shading) rather than a choice the student could guess.
    assert.ok((pack.itemClasses[pack.items.find((i) => i.id === step.itemId)?.class ?? '']?.guess ?? 1) <= 0.05);
  });

  it('never serves the same variant twice in a row', () => {
    let s = fresh();
    let last: string | undefined;
    for (let i = 0; i < 80; i++) {
      const step = nextStep(pack, params, s, { activitySkills: ACTIVITY, now: at(i), seed: 7 });
      if (step.kind === 'done') break;
      if (step.kind === 'item') {
        const key = `${step.itemId}#${step.seed}`;
        assert.notEqual(key, last);
        assert.notEqual(step.itemId, last?.split('#')[0], 'the same item while others exist');
        last = key;
      }
      s = take(s, step, i % 4 !== 0, at(i));
    }
  });

  it('interleaves skills once several are ready', () => {
    let s = master(fresh(), 'meaning-name-fraction', T0).state;
    const skills: string[] = [];
    for (let i = 0; i < 12; i++) {
      const step = nextStep(pack, params, s, { activitySkills: ACTIVITY, now: at(60 + i), seed: i });
      if (step.kind !== 'item') break;
      skills.push(step.skillId);
      s = take(s, step, true, at(60 + i));
    }
    assert.ok(new Set(skills).size >= 2, skills.join(','));
    for (let i = 1; i < skills.length; i++) {
      // Two ready skills at least until one is mastered: never the same twice in a row meanwhile.
      if (s.skills['number-line']?.mastered || s.skills['add-like']?.mastered) break;
      assert.notEqual(skills[i], skills[i - 1]);
    }
  });

  it('gives the same step for the same state, time and seed', () => {
    const s = master(fresh(), 'meaning-name-fraction', T0).state;
    const ctx = { activitySkills: ACTIVITY, now: at(60), seed: 99 };
    assert.deepEqual(nextStep(pack, params, s, ctx), nextStep(pack, params, structuredClone(s), ctx));
  });

  it('says it is done when every skill is mastered, with the next review date', () => {
    let s = fresh(['fraction-meaning']);
    s = master(s, 'meaning-name-fraction', T0).state;
    const step = nextStep(pack, params, s, { activitySkills: ['fraction-meaning'], now: at(30), seed: 1 });
    assert.equal(step.kind, 'done');
    assert.match(step.reason, /All 1 skills mastered\. Next review due/);
  });
});

describe('policy: diagnosing a skill that is not coming', () => {
  const cands = (s: ReturnType<typeof fresh>) => candidatesFor(pack, params, s, 'fraction-meaning', ACTIVITY);
  const practised = (n: number) => {
    let s = fresh();
    const items = ['meaning-name-fraction', 'meaning-equal-parts', 'meaning-fraction-of-set'];
    for (let i = 0; i < n; i++) s = answer(s, items[i % 3] as string, i % 3 === 0, at(i), { seed: i });
    return s;
  };

  it('after earlyWarningAfter tries without mastery, diagnosticWeight serves the item whose answer tells most', () => {
    const s = practised(6);
    assert.equal(s.skills['fraction-meaning']?.everMastered, false);
    const step = itemStep(
      nextStep(
        pack,
        params,
        s,
        { activitySkills: ['fraction-meaning'], now: at(10), seed: 3 },
        { informationWeight: 0, diagnosticWeight: 50, bandOnKnowledge: false },
      ),
    );
    const others = cands(s).filter((c) => c.item.id !== s.lastStep?.itemId);
    const best = Math.max(...others.map((c) => c.info));
    assert.equal(others.find((c) => c.item.id === step.itemId)?.info, best);
    const plain = itemStep(
      nextStep(
        pack,
        params,
        s,
        { activitySkills: ['fraction-meaning'], now: at(10), seed: 3 },
        { informationWeight: 0, bandOnKnowledge: false },
      ),
    );
    assert.ok((others.find((c) => c.item.id === plain.itemId)?.info ?? 0) < best, 'without it the band choice tells less');
  });

  it('before that, the weight does not apply', () => {
    const s = practised(2);
    const ctx = { activitySkills: ['fraction-meaning'], now: at(10), seed: 3 };
    assert.equal(
      itemStep(nextStep(pack, params, s, ctx, { diagnosticWeight: 50 })).itemId,
      itemStep(nextStep(pack, params, s, ctx)).itemId,
    );
  });
});

import assert from 'node:assert/strict';
import { itemsForSkill } from '../../src/domain/content/index.ts';
import { applyStepShown, nextStep, resolveConfig } from '../../src/domain/policy/index.ts';
import { answerInformation, pickBandItem } from '../../src/domain/policy/items.ts';
import type { Candidate } from '../../src/domain/policy/items.ts';
import { createRng } from '../../src/domain/random.ts';
import { ACTIVITY, T0, answer, at, fresh, pack, params } from './helpers.ts';

describe('policy: informative items and lapse risk', () => {
  it('rates a typed answer as far more informative than a true/false one, and a settled estimate as uninformative', () => {
    const typed = answerInformation(0.2, 0.05, 0.1);
    const trueFalse = answerInformation(0.2, 0.5, 0.1);
    assert.ok(typed > 3 * trueFalse, `${typed} vs ${trueFalse}`);
    assert.equal(answerInformation(0, 0.05, 0.1), 0);
    assert.equal(answerInformation(1, 0.05, 0.1), 0);
    // An item whose other skill is likely to fail tells less about this one.
    assert.ok(answerInformation(0.5, 0.05, 0.1, 0.5) < answerInformation(0.5, 0.05, 0.1, 1));
  });

  it('prefers a single-skill item to an equally placed one that also practises a mastered skill', () => {
    // compare-order practises number-line and comparing-fractions; compare-symbol only the latter.
    const items = itemsForSkill(pack, 'comparing-fractions');
    const two = items.find((i) => i.id === 'compare-order');
    const one = items.find((i) => i.id === 'compare-symbol');
    assert.ok(two && one && two.skills.length === 2 && one.skills.length === 1);
    const cands: Candidate[] = [
      { item: two, predicted: 0.78, guess: 0.1, openSkills: 1, masteredOthers: 1, info: 0.5 },
      { item: one, predicted: 0.76, guess: 0.33, openSkills: 1, masteredOthers: 0, info: 0.3 },
    ];
    const state = fresh();
    assert.equal(pickBandItem(cands, state, resolveConfig(), createRng(1))?.item.id, 'compare-symbol');
    assert.equal(pickBandItem(cands, state, resolveConfig({ masteredPenalty: 0 }), createRng(1))?.item.id, 'compare-order');
  });

  it('with informationWeight, trades the band for a more informative item', () => {
    const items = itemsForSkill(pack, 'fraction-meaning');
    const tf = items.find((i) => i.class === 'true-false');
    const typed = items.find((i) => i.class === 'fraction-entry');
    assert.ok(tf && typed);
    const cands: Candidate[] = [
      { item: tf, predicted: 0.58, guess: 0.5, openSkills: 1, masteredOthers: 0, info: answerInformation(0.2, 0.5, 0.1) },
      { item: typed, predicted: 0.22, guess: 0.05, openSkills: 1, masteredOthers: 0, info: answerInformation(0.2, 0.05, 0.1) },
    ];
    const state = fresh();
    const raw = { bandOnKnowledge: false };
    assert.equal(pickBandItem(cands, state, resolveConfig(raw), createRng(2))?.item.id, tf.id);
    assert.equal(pickBandItem(cands, state, resolveConfig({ ...raw, informationWeight: 20 }), createRng(2))?.item.id, typed.id);
    // With the band on knowledge (the default) the true/false item's 58% is 16% knowledge: the typed one is nearer.
    assert.equal(pickBandItem(cands, state, resolveConfig(), createRng(2))?.item.id, typed.id);
  });
});

describe('policy: instruction before practice (introExample)', () => {
  const ctx = (m: number): { activitySkills: string[]; now: string; seed: number } => ({ activitySkills: ACTIVITY, now: at(m), seed: 3 });

  it('is off by default: a new student starts with a question', () => {
    assert.equal(nextStep(pack, params, fresh(), ctx(0)).kind, 'item');
  });

  it("shows a new skill's worked example once, before its first item, without starting remediation", () => {
    const cfg = { introExample: true };
    const first = nextStep(pack, params, fresh(), ctx(0), cfg);
    assert.equal(first.kind, 'worked-example');
    if (first.kind !== 'worked-example') return;
    assert.equal(first.intro, true);
    assert.equal(first.skillId, 'fraction-meaning');
    assert.match(first.reason, /worked example before the first question/);
    let s = applyStepShown(fresh(), first, at(0));
    assert.equal(s.skills['fraction-meaning']?.examples, 1);
    assert.equal(s.skills['fraction-meaning']?.remediation, 'none');
    const second = nextStep(pack, params, s, ctx(1), cfg);
    assert.equal(second.kind, 'item');
    if (second.kind !== 'item') return;
    s = answer(applyStepShown(s, second, at(1)), second.itemId, false, at(2), { seed: second.seed });
    // A wrong answer after the introduction is the first error, not the answer to a remediation example.
    assert.equal(s.skills['fraction-meaning']?.remediation, 'none');
    assert.equal(nextStep(pack, params, s, ctx(3), cfg).kind, 'item');
  });

  it('does not re-introduce a skill the student has already answered', () => {
    const s = answer(fresh(), 'meaning-name-fraction', true, T0);
    // fraction-meaning is the only ready skill (the others build on it): practice goes on with an item.
    assert.equal(nextStep(pack, params, s, ctx(1), { introExample: true }).kind, 'item');
  });
});

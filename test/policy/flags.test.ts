import assert from 'node:assert/strict';
import { flags, masteryForecast, resolveConfig, wheelSpinning } from '../../src/domain/policy/index.ts';
import { freshSkill } from '../../src/domain/policy/graph.ts';
import { T0, answer, at, fresh, master, pack, params } from './helpers.ts';

describe('policy: teacher flags', () => {
  it('flags wheel-spinning after 10 tries without mastery, with the reason in plain words', () => {
    let s = fresh();
    for (let i = 0; i < 9; i++) s = answer(s, 'meaning-name-fraction', i % 3 === 0, at(i));
    assert.equal(
      flags(pack, s, at(10), undefined, params).some((f) => f.kind === 'wheel-spinning'),
      false,
    );
    s = answer(s, 'meaning-name-fraction', false, at(10));
    const f = flags(pack, s, at(11), undefined, params).find((x) => x.kind === 'wheel-spinning');
    assert.ok(f);
    assert.equal(f.skillId, 'fraction-meaning');
    assert.match(f.reason, /^10 tries at "What a fraction means" without reaching mastery \(3 right, estimated mastery \d+%\)/);
  });

  it('holds the wheel-spinning flag while recent answers put the student close to mastery, then raises it for good', () => {
    let s = fresh();
    const spins = (st: typeof s, cfg?: { wheelSpinBelow: number }): boolean =>
      flags(pack, st, at(30), cfg, params).some((f) => f.kind === 'wheel-spinning');
    for (let i = 0; i < 8; i++) s = answer(s, 'meaning-name-fraction', false, at(i));
    s = answer(s, 'meaning-name-fraction', true, at(8));
    s = answer(s, 'meaning-equal-parts', true, at(9));
    const k = s.skills['fraction-meaning']!;
    assert.equal(k.attempts, 10);
    assert.ok(k.pMastered >= 0.5 && !k.mastered, `P(mastered) ${k.pMastered}`);
    assert.equal(spins(s), false, 'two right answers in a row: more likely learned than not, so no flag yet');
    assert.equal(spins(s, { wheelSpinBelow: 1 }), true, 'wheelSpinBelow 1 is the count rule');
    s = answer(s, 'meaning-equal-parts', false, at(10));
    s = answer(s, 'meaning-equal-parts', true, at(11));
    assert.equal(spins(s), false);
    s = answer(s, 'meaning-equal-parts', false, at(12));
    assert.ok(s.skills['fraction-meaning']!.pMastered < 0.5);
    assert.equal(s.skills['fraction-meaning']!.wheelSpinningAt, at(12));
    assert.equal(spins(s), true);
    s = answer(s, 'meaning-equal-parts', true, at(13));
    assert.ok(s.skills['fraction-meaning']!.pMastered >= 0.5, 'the right answer lifts the estimate again');
    assert.equal(spins(s), true, 'once raised, the flag stays until mastery');
    assert.equal(s.skills['fraction-meaning']!.wheelSpinningAt, at(12));
  });

  it('flags a skill at one and a half times the limit below the threshold, and never one that was mastered', () => {
    const cfg = resolveConfig();
    const near = { ...freshSkill(0.1), pMastered: 0.9 };
    assert.equal(wheelSpinning({ ...near, attempts: 14 }, cfg), false);
    assert.equal(wheelSpinning({ ...near, attempts: 15 }, cfg), true, 'a run of lucky guesses does not escape the flag');
    // Above the threshold only guess-proof evidence is missing: that is not wheel-spinning.
    assert.equal(wheelSpinning({ ...near, pMastered: 0.97, attempts: 20 }, cfg), false);
    assert.equal(wheelSpinning({ ...near, pMastered: 0.2, attempts: 9 }, cfg), false);
    assert.equal(wheelSpinning({ ...near, pMastered: 0.2, attempts: 10 }, cfg), true);
    assert.equal(wheelSpinning({ ...near, pMastered: 0.2, attempts: 30, everMastered: true }, cfg), false);
  });

  it('does not flag a skill the student mastered', () => {
    const { state } = master(fresh(), 'meaning-name-fraction', T0);
    assert.deepEqual(flags(pack, state, at(20), undefined, params), []);
  });

  it('warns early from the first five tries, naming wrong answers, hints and slow answers', () => {
    let s = fresh();
    for (let i = 0; i < 5; i++)
      s = answer(s, 'meaning-name-fraction', i === 4, at(i), { hintsUsed: i < 3 ? 1 : 0, durationMs: i < 2 ? 120_000 : 30_000 });
    const f = flags(pack, s, at(6), undefined, params).find((x) => x.kind === 'early-warning');
    assert.ok(f);
    assert.match(
      f.reason,
      /Struggling with "What a fraction means": 1 of the first 5 answers right, hints used on 3, 2 slow answers \(over 90 s\)/,
    );
    assert.match(f.reason, /Only a \d+% chance of mastering it within 10 tries/);
  });

  it('gives no early warning to a student who is on the way', () => {
    let s = fresh();
    for (let i = 0; i < 5; i++) s = answer(s, 'meaning-equal-parts', i % 2 === 0, at(i));
    // A 3-of-5 student on true/false items has not proven much, but has a fair chance of mastering.
    const forecast = masteryForecast(params['fraction-meaning']!, s.skills['fraction-meaning']!, 5, 0.95, 0);
    assert.ok(forecast >= 0.35, `forecast ${forecast}`);
    assert.equal(
      flags(pack, s, at(6), undefined, params).some((x) => x.kind === 'early-warning'),
      false,
    );
  });

  it('flags inactivity after 7 days without practice while skills remain', () => {
    const s = answer(fresh(), 'meaning-name-fraction', true, T0);
    assert.equal(
      flags(pack, s, at(6 * 24 * 60), undefined, params).some((x) => x.kind === 'inactive'),
      false,
    );
    const f = flags(pack, s, at(8 * 24 * 60), undefined, params).find((x) => x.kind === 'inactive');
    assert.match(f?.reason ?? '', /No practice for 8 days \(last answer on 2025-03-03\)/);
    assert.match(flags(pack, fresh(), at(8 * 24 * 60))[0]?.reason ?? '', /Has not started practising in 8 days/);
  });

  it('forecasts certain mastery when already mastered and none with no tries left', () => {
    const p = params['fraction-meaning']!;
    assert.equal(masteryForecast(p, { pMastered: 0.99, n: 5 }, 3, 0.95), 1);
    assert.equal(masteryForecast(p, { pMastered: 0.5, n: 5 }, 0, 0.95), 0);
  });
});

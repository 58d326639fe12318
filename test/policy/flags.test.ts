import assert from 'node:assert/strict';
import { flags, masteryForecast } from '../../src/policy/index.ts';
import { T0, answer, at, fresh, master, pack, params } from './helpers.ts';

describe('policy: teacher flags', () => {
  it('flags wheel-spinning after 10 tries without mastery, with the reason in plain words', () => {
    let s = fresh();
    for (let i = 0; i < 9; i++) s = answer(s, 'meaning-name-fraction', i % 3 === 0, at(i));
    assert.equal(flags(pack, s, at(10), undefined, params).some((f) => f.kind === 'wheel-spinning'), false);
    s = answer(s, 'meaning-name-fraction', false, at(10));
    const f = flags(pack, s, at(11), undefined, params).find((x) => x.kind === 'wheel-spinning');
    assert.ok(f);
    assert.equal(f.skillId, 'fraction-meaning');
    assert.match(f.reason, /^10 tries at "What a fraction means" without reaching mastery \(3 right, estimated mastery \d+%\)/);
  });

  it('does not flag a skill the student mastered', () => {
    const { state } = master(fresh(), 'meaning-name-fraction', T0);
    assert.deepEqual(flags(pack, state, at(20), undefined, params), []);
  });

  it('warns early from the first five tries, naming wrong answers, hints and slow answers', () => {
    let s = fresh();
    for (let i = 0; i < 5; i++) s = answer(s, 'meaning-name-fraction', i === 4, at(i), { hintsUsed: i < 3 ? 1 : 0, durationMs: i < 2 ? 120_000 : 30_000 });
    const f = flags(pack, s, at(6), undefined, params).find((x) => x.kind === 'early-warning');
    assert.ok(f);
    assert.match(f.reason, /Struggling with "What a fraction means": 1 of the first 5 answers right, hints used on 3, 2 slow answers \(over 90 s\)/);
    assert.match(f.reason, /Only a \d+% chance of mastering it within 10 tries/);
  });

  it('gives no early warning to a student who is on the way', () => {
    let s = fresh();
    for (let i = 0; i < 5; i++) s = answer(s, 'meaning-equal-parts', i % 2 === 0, at(i));
    // A 3-of-5 student on true/false items has not proven much, but has a fair chance of mastering.
    const forecast = masteryForecast(params['fraction-meaning']!, s.skills['fraction-meaning']!, 5, 0.95, 0);
    assert.ok(forecast >= 0.35, `forecast ${forecast}`);
    assert.equal(flags(pack, s, at(6), undefined, params).some((x) => x.kind === 'early-warning'), false);
  });

  it('flags inactivity after 7 days without practice while skills remain', () => {
    const s = answer(fresh(), 'meaning-name-fraction', true, T0);
    assert.equal(flags(pack, s, at(6 * 24 * 60), undefined, params).some((x) => x.kind === 'inactive'), false);
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

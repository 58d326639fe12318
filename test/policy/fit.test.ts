import assert from 'node:assert/strict';
import { itemsForSkill } from '../../src/domain/content/index.ts';
import { emissionFor, fitCourseParams, implausibleFit, itemEmissionKey, paramsFromPack } from '../../src/domain/policy/index.ts';
import type { LoggedAnswer } from '../../src/domain/policy/index.ts';
import { predictItem } from '../../src/domain/policy/items.ts';
import { createRng } from '../../src/domain/random.ts';
import { fresh, pack, params } from './helpers.ts';

/**
 * A course log from a KT-IDEM student: binary BKT state (prior 0.2, learn 0.15) with one guess and
 * slip per item. `items` maps item id to [guess, slip, students who see it].
 */
function courseLog(items: Record<string, [number, number, number]>, seed = 3, answersEach = 16): LoggedAnswer[] {
  const rng = createRng(seed);
  const log: LoggedAnswer[] = [];
  const ids = Object.keys(items);
  for (let s = 0; s < 400; s++) {
    let learned = rng.next() < 0.2;
    const mine = ids.filter((id) => s < (items[id] as [number, number, number])[2]);
    for (let t = 0; t < answersEach; t++) {
      const id = mine[t % mine.length] as string;
      const [g, sl] = items[id] as [number, number, number];
      const correct = rng.next() < (learned ? 1 - sl : g);
      log.push({ student: `s${s}`, itemId: id, itemClass: 'fraction-entry', skillIds: ['fraction-meaning'], order: t, correct });
      if (!learned && rng.next() < 0.15) learned = true;
    }
  }
  return log;
}

describe('course fit: item difficulty from data', () => {
  it('gives each item with enough students its own guess and slip, close to the truth', () => {
    const fit = fitCourseParams(courseLog({ easy: [0.55, 0.05, 400], hard: [0.05, 0.2, 400] }), { restarts: 3 });
    const f = fit.fitted.get('fraction-meaning');
    assert.ok(f, 'fitted');
    const at = (name: string): [number, number] => {
      const i = f.params.classes.gs.indexOf(name);
      assert.ok(i >= 0, `${name} in ${f.params.classes.gs.join(',')}`);
      return [f.params.guesses[i] as number, f.params.slips[i] as number];
    };
    const [ge, se] = at(itemEmissionKey('easy'));
    const [gh, sh] = at(itemEmissionKey('hard'));
    assert.ok(Math.abs(ge - 0.55) < 0.08 && Math.abs(gh - 0.05) < 0.05, `guesses ${ge} ${gh}`);
    assert.ok(Math.abs(se - 0.05) < 0.06 && Math.abs(sh - 0.2) < 0.08, `slips ${se} ${sh}`);
    assert.equal(f.itemLevel, 2);
    assert.equal(f.transitions, 'fitted');
    assert.ok(f.params.classes.gs.includes('fraction-entry'), 'the class stays for items without data');
  });

  it('keeps an item seen by fewer than minItemStudents students in its class', () => {
    const fit = fitCourseParams(courseLog({ common: [0.3, 0.1, 400], rare: [0.6, 0.1, 12] }), { restarts: 2 });
    const gs = fit.fitted.get('fraction-meaning')?.params.classes.gs ?? [];
    assert.ok(gs.includes(itemEmissionKey('common')) && !gs.includes(itemEmissionKey('rare')), gs.join(','));
  });

  it('never lets an item become uninformative (guess + slip at most 0.9): a right answer never lowers mastery', () => {
    const fit = fitCourseParams(courseLog({ coin: [0.5, 0.5, 400], typed: [0.05, 0.1, 400] }), { restarts: 2 });
    const p = fit.fitted.get('fraction-meaning')?.params;
    assert.ok(p);
    p.guesses.forEach((g, i) => assert.ok(g + (p.slips[i] as number) <= 0.9 + 1e-9, `${p.classes.gs[i]}: ${g} + ${p.slips[i]}`));
  });

  it('with fitTransitions false keeps the current prior and learn and fits emissions only', () => {
    const fit = fitCourseParams(courseLog({ easy: [0.55, 0.05, 400], hard: [0.05, 0.2, 400] }), { base: params, fitTransitions: false });
    const f = fit.fitted.get('fraction-meaning');
    assert.equal(f?.params.prior, params['fraction-meaning']?.prior);
    assert.deepEqual(f?.params.learns, params['fraction-meaning']?.learns);
  });

  it('sets aside an implausible free fit and keeps the current prior and learn, saying why', () => {
    // An adaptive log at its worst: coin-flip answers, each sequence stopping at three right in a row.
    const rng = createRng(5);
    const log: LoggedAnswer[] = [];
    for (let s = 0; s < 300; s++) {
      for (let t = 0, streak = 0; t < 20 && streak < 3; t++) {
        const correct = rng.next() < 0.5;
        streak = correct ? streak + 1 : 0;
        log.push({ student: `s${s}`, itemId: 'x', itemClass: 'fraction-entry', skillIds: ['fraction-meaning'], order: t, correct });
      }
    }
    const fit = fitCourseParams(log, { base: params, restarts: 2 });
    // The free fit is implausible, and so is the emission fit with the pack's prior and learn
    // (coin flips read as slips): the skill keeps its current parameters, and the report says why.
    assert.equal(fit.fitted.get('fraction-meaning'), undefined);
    const kept = fit.kept.find((k) => k.skill === 'fraction-meaning');
    assert.match(
      kept?.reason ?? '',
      /get \d+% of .* items wrong \(the limit is 30%\): slower learning than the pack assumes read as slips/,
    );
  });

  it('calls a fit implausible when practice would teach almost nothing, and accepts an ordinary one', () => {
    const ordinary = { prior: 0.2, learns: [0.15], forgets: [0], guesses: [0.2, 0.5], slips: [0.1, 0.25] };
    assert.equal(implausibleFit(ordinary, 0.3, 0.01), undefined);
    assert.match(
      implausibleFit({ ...ordinary, prior: 0.8, learns: [0.004] }, 0.3, 0.01) ?? '',
      /practice would teach almost nothing \(0.4% of students learn the skill per try, the minimum is 1%\) while 80% would know it from the start/,
    );
  });

  it('keeps skills with fewer than minStudents students, with the reason', () => {
    const fit = fitCourseParams(courseLog({ a: [0.2, 0.1, 400] }), { minStudents: 500 });
    assert.equal(fit.fitted.size, 0);
    assert.deepEqual(fit.kept, [{ skill: 'fraction-meaning', students: 400, reason: 'fewer than 500 students' }]);
  });

  it("predictions and updates use an item's own emission when the parameters have one, else its class's", () => {
    const item = itemsForSkill(pack, 'fraction-meaning').find((i) => i.skills.length === 1 && i.class === 'fraction-entry');
    assert.ok(item);
    const base = paramsFromPack(pack);
    const p0 = base['fraction-meaning']!;
    const withItem = {
      ...base,
      'fraction-meaning': {
        ...p0,
        guesses: [...p0.guesses, 0.6],
        slips: [...p0.slips, 0.05],
        classes: { gs: [...(p0.classes?.gs ?? []), itemEmissionKey(item.id)], learn: ['default'] },
      },
    };
    assert.equal(
      emissionFor(pack, withItem, 'fraction-meaning', item.class, item.id).params.guesses[
        emissionFor(pack, withItem, 'fraction-meaning', item.class, item.id).gsClass
      ],
      0.6,
    );
    assert.equal(
      emissionFor(pack, withItem, 'fraction-meaning', item.class, 'another-item').gsClass,
      p0.classes?.gs.indexOf('fraction-entry'),
    );
    const activity = new Set(['fraction-meaning']);
    const st = fresh(['fraction-meaning']);
    const easy = predictItem(pack, withItem, st, item, activity).predicted;
    const plain = predictItem(pack, base, st, item, activity).predicted;
    assert.ok(easy > plain + 0.3, `${easy} vs ${plain}`);
  });
});

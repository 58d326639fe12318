import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  checkAnswer,
  hintsFor,
  instantiateItem,
  itemsForSkill,
  listSkills,
  presentItem,
  resourcesFor,
  workedExample,
} from '../../src/domain/content/index.ts';
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import { wordsFor } from '../../src/i18n/index.ts';
import { correctResponse, wrongResponse } from './helpers.ts';

const pack = loadBundledPack();

describe('bundled fractions pack', () => {
  it('has at least 12 skills in a prerequisite graph rooted at the meaning of a fraction', () => {
    const skills = listSkills(pack);
    assert.ok(skills.length >= 12, `${skills.length} skills`);
    const roots = skills.filter((s) => s.prerequisites.length === 0).map((s) => s.id);
    assert.deepEqual(roots, ['fraction-meaning']);
    const ids = new Set(skills.map((s) => s.id));
    for (const s of skills) for (const p of s.prerequisites) assert.ok(ids.has(p));
    for (const topic of [
      'number-line',
      'equivalent-fractions',
      'comparing-fractions',
      'add-like',
      'add-unlike',
      'subtract-unlike',
      'mixed-numbers',
      'multiply-fractions',
      'divide-fractions',
      'word-problems',
    ]) {
      assert.ok(ids.has(topic), topic);
    }
  });

  it('gives every skill 3+ generators or 15+ fixed items, a worked example, resources and BKT parameters', () => {
    for (const s of listSkills(pack)) {
      const items = itemsForSkill(pack, s.id);
      const generated = items.filter((i) => i.kind !== 'fixed').length;
      assert.ok(generated >= 3 || items.length >= 15, `${s.id}: ${generated} generators, ${items.length} items`);
      const ex = workedExample(pack, s.id);
      assert.ok(ex && ex.steps.length >= 2, `${s.id} worked example`);
      assert.ok(resourcesFor(pack, s.id).length >= 1, `${s.id} resources`);
      for (const r of resourcesFor(pack, s.id)) assert.match(r.url, /^https:\/\//);
      assert.ok(s.bkt.prior > 0 && s.bkt.learn > 0 && s.bkt.guess > 0 && s.bkt.slip > 0);
      assert.ok(s.itemClasses.length >= 1 && s.itemClasses.every((c) => c.guess > 0 && c.slip > 0));
    }
  });

  it('renders every item across many seeds, with 2-3 hints, and accepts its own correct answer but not a wrong one', () => {
    const ids = pack.items.map((i) => i.id);
    fc.assert(
      fc.property(
        fc.constantFrom(...ids),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(undefined, ...pack.themes),
        (itemId, seed, theme) => {
          const inst = instantiateItem(pack, itemId, seed, theme ? { theme } : {});
          const pub = presentItem(inst, wordsFor('en'));
          assert.ok(
            pub.prompt.text.length > 0 && !pub.prompt.text.includes('undefined') && !pub.prompt.text.includes('NaN'),
            pub.prompt.text,
          );
          assert.ok(inst.hints.length >= 2 && inst.hints.length <= 3, `${itemId}: ${inst.hints.length} hints`);
          const right = checkAnswer(inst, correctResponse(inst));
          assert.equal(right.outcome, 'correct', `${itemId} seed ${seed}: ${JSON.stringify(correctResponse(inst))} ${right.feedback}`);
          const wrong = checkAnswer(inst, wrongResponse(inst));
          // A reversed order can leave the middle item in place, which earns partial credit.
          const expected = inst.question.type === 'ordering' && wrong.outcome === 'partial' ? 'partial' : 'incorrect';
          assert.equal(wrong.outcome, expected, `${itemId} seed ${seed}: wrong answer ${JSON.stringify(wrongResponse(inst))} accepted`);
          assert.ok(wrong.score < 1);
          for (const m of inst.misconceptions) {
            for (const r of m.responses)
              assert.notEqual(
                checkAnswer(inst, r).outcome,
                'correct',
                `${itemId} seed ${seed}: misconception ${m.id} answer ${String(r)} is accepted`,
              );
          }
        },
      ),
      { numRuns: 3000, seed: 20240601 },
    );
  });

  it('reproduces the same variant from the same seed and varies across seeds', () => {
    for (const item of pack.items) {
      const a = instantiateItem(pack, item.id, 99);
      assert.deepEqual(instantiateItem(pack, item.id, 99), a);
      if (item.kind !== 'fixed') {
        const variants = new Set(Array.from({ length: 20 }, (_, s) => instantiateItem(pack, item.id, s).variantId));
        assert.ok(variants.size > 1, `${item.id} always gives the same variant`);
      }
    }
  });

  it('tells the story in the theme the student chose', () => {
    for (const theme of pack.themes) {
      const inst = instantiateItem(pack, 'add-unlike-word', 5, { theme });
      assert.equal(inst.theme, theme);
      assert.equal(presentItem(inst, wordsFor('en')).theme, theme);
    }
    assert.match(presentItem(instantiateItem(pack, 'add-unlike-word', 5, { theme: 'space' }), wordsFor('en')).prompt.text, /fuel|tank/);
    assert.match(presentItem(instantiateItem(pack, 'add-unlike-word', 5, { theme: 'cooking' }), wordsFor('en')).prompt.text, /cup/);
  });

  it('recognises the classic misconceptions in generated items', () => {
    let found = 0;
    for (let seed = 0; seed < 40; seed++) {
      const inst = instantiateItem(pack, 'add-unlike-calc', seed);
      const q = inst.question;
      assert.equal(q.type, 'fraction');
      const [a, b] = /Work out (\d+\/\d+) \+ (\d+\/\d+)/
        .exec(q.prompt)!
        .slice(1)
        .map((f) => f.split('/').map(Number)) as [number[], number[]];
      const addDen = `${a[0]! + b[0]!}/${a[1]! + b[1]!}`;
      const r = checkAnswer(inst, addDen);
      assert.equal(r.outcome, 'incorrect');
      if (r.misconception) {
        assert.equal(r.misconception.id, 'add-denominators');
        found++;
      }
    }
    assert.ok(found >= 35, `add-denominators recognised ${found}/40 times`);
    const cmp = instantiateItem(pack, 'compare-choice', 3);
    const trap = cmp.question.type === 'choice' ? cmp.question.choices.find((c) => c.misconception) : undefined;
    assert.ok(trap);
    assert.ok(
      checkAnswer(cmp, trap.id).misconception?.id.startsWith('compare-') ||
        checkAnswer(cmp, trap.id).misconception?.id.startsWith('bigger-') ||
        checkAnswer(cmp, trap.id).misconception?.id === 'same-gap-same-size',
    );
  });

  it('sends the browser no answers, scores, hints or misconception feedback', () => {
    for (const item of pack.items) {
      for (const seed of [1, 2, 3]) {
        const inst = instantiateItem(pack, item.id, seed);
        const json = JSON.stringify(presentItem(inst, wordsFor('en')));
        for (const key of [
          '"answer"',
          '"answers"',
          '"score"',
          '"correct"',
          '"misconception',
          '"hints"',
          '"solution"',
          '"order"',
          '"feedback',
        ])
          assert.ok(!json.includes(key), `${item.id} leaks ${key}`);
        for (const h of inst.hints) assert.ok(!json.includes(h), `${item.id} leaks a hint`);
        for (const m of inst.misconceptions)
          if (m.feedback) assert.ok(!json.includes(m.feedback), `${item.id} leaks misconception feedback`);
        if (inst.question.type === 'fraction' && !/\d+\/\d+.*\d+\/\d+/.test(inst.question.prompt))
          assert.ok(!json.includes(`"${inst.question.answer}"`));
      }
    }
  });

  it('reveals hints one at a time', () => {
    const inst = instantiateItem(pack, 'simplify', 8);
    assert.deepEqual(hintsFor(inst, 0), []);
    assert.equal(hintsFor(inst, 1).length, 1);
    assert.deepEqual(hintsFor(inst, 99), inst.hints);
    assert.deepEqual(hintsFor(inst, Number.NaN), []);
  });
});

import assert from 'node:assert/strict';
import { nextStep } from '../../src/domain/policy/index.ts';
import { candidatesFor, pickSafeEasiest } from '../../src/domain/policy/items.ts';
import type { StudentState } from '../../src/domain/policy/index.ts';
import { at, fresh, pack, params } from './helpers.ts';

// fraction-meaning: four proving items (not among its easiest) and four easiest ones, which prove nothing.
const PROVING = ['meaning-fraction-of-set', 'meaning-vocabulary', 'meaning-denominator-word', 'visual-shade-grid'];
const EASY = ['meaning-name-fraction', 'meaning-equal-parts', 'visual-shade-bar', 'visual-name-picture'];
const ACT = ['fraction-meaning'];

/** A student whose estimate is settled above the threshold, one proving item into the run, every item served. */
function confirming(seen: string[]): StudentState {
  const s = fresh(ACT);
  const fm = s.skills['fraction-meaning'];
  assert.ok(fm);
  Object.assign(fm, {
    pMastered: 0.99,
    attempts: 12,
    correct: 11,
    seen,
    runItems: ['meaning-fraction-of-set'],
    guessRun: 0.05,
    runProving: 1,
  });
  s.lastStep = { kind: 'item', skillId: 'fraction-meaning', itemId: seen[seen.length - 1] as string, seed: 1, at: at(0) };
  return s;
}

describe('policy: confirming a mastery asks for the evidence still missing', () => {
  it('asks a proving item not yet in the run, even when the least recently served items are the easiest', () => {
    // Served longest ago: the easiest items (the variety rule would offer only those).
    for (let seed = 1; seed <= 6; seed++) {
      const step = nextStep(pack, params, confirming([...EASY, ...PROVING]), { activitySkills: ACT, now: at(5), seed });
      assert.equal(step.kind, 'item');
      const id = step.kind === 'item' ? step.itemId : '';
      assert.ok(PROVING.includes(id) && id !== 'meaning-fraction-of-set', `seed ${seed}: ${id}`);
    }
  });

  it('still serves an unused item before repeating one', () => {
    const unused = 'meaning-equal-parts';
    const step = nextStep(pack, params, confirming([...EASY, ...PROVING].filter((i) => i !== unused)), {
      activitySkills: ACT,
      now: at(5),
      seed: 3,
    });
    assert.equal(step.kind === 'item' ? step.itemId : step.kind, unused);
  });

  it('never repeats a prerequisite item for remediation while the prerequisite has unused items', () => {
    const s = fresh(ACT);
    const fm = s.skills['fraction-meaning'];
    assert.ok(fm);
    fm.seen = [...PROVING];
    const cands = candidatesFor(pack, params, s, 'fraction-meaning', ACT);
    // Only served items pass the filter (as when one slip would withdraw the others' mastery): none is repeated.
    assert.equal(
      pickSafeEasiest(cands, s, 'fraction-meaning', (c) => PROVING.includes(c.item.id)),
      undefined,
    );
    assert.ok(EASY.includes(pickSafeEasiest(cands, s, 'fraction-meaning', () => true)?.item.id ?? ''));
    fm.seen = [...PROVING, ...EASY];
    assert.ok(PROVING.includes(pickSafeEasiest(cands, s, 'fraction-meaning', (c) => PROVING.includes(c.item.id))?.item.id ?? ''));
  });
});

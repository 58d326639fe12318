import assert from 'node:assert/strict';
import { runSimulateCli } from '../../scripts/simulation/cli.ts';
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import { POLICIES, simulate } from '../../scripts/simulation/index.ts';
import { answer, drawStudent, DEFAULT_POPULATION, emissionTruth } from '../../scripts/simulation/student.ts';

const pack = loadBundledPack();
const SMALL = ['fraction-meaning', 'number-line', 'add-like', 'equivalent-fractions', 'subtract-like'];

describe('simulation', function () {
  this.timeout(30_000);

  it('prints the issue keys for every policy on a small run', () => {
    for (const policy of POLICIES) {
      const r = simulate(pack, { policy, students: 8, seed: 5, skills: SMALL });
      assert.equal(r.students, 8);
      assert.ok(r.itemsToMastery.mean >= SMALL.length && r.itemsToMastery.p90 >= r.itemsToMastery.median, policy);
      for (const v of [r.falseMasteryRate, r.successRate, r.wheelSpinning.precision, r.wheelSpinning.recall])
        assert.ok(v >= 0 && v <= 1, policy);
      assert.ok(r.overPractice >= 0);
    }
  });

  it('gives the same report for the same seed and a different one for another seed', () => {
    const a = simulate(pack, { policy: 'pathwise', students: 10, seed: 11, skills: SMALL });
    const b = simulate(pack, { policy: 'pathwise', students: 10, seed: 11, skills: SMALL });
    const c = simulate(pack, { policy: 'pathwise', students: 10, seed: 12, skills: SMALL });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('counts students who never master at the cap and reports their share', () => {
    // A threshold forgetting keeps out of reach: every student is capped, and counted at the cap.
    const r = simulate(pack, {
      policy: 'fixed-order',
      students: 4,
      seed: 1,
      skills: ['add-like'],
      maxItems: 30,
      population: { abilitySd: 0, skillSd: 0, exampleFactor: 0 },
      config: { masteryThreshold: 0.9999999 },
    });
    assert.equal(r.itemsToMastery.capped, 1);
    assert.equal(r.itemsToMastery.mean, 30);
  });

  it('only pathwise shows worked examples, resources and reviews', () => {
    const p = simulate(pack, { policy: 'pathwise', students: 10, seed: 2, skills: SMALL });
    const l = simulate(pack, { policy: 'lowest-mastery', students: 10, seed: 2, skills: SMALL });
    assert.ok(p.nonItemStepsPerStudent > 0);
    assert.equal(l.nonItemStepsPerStudent, 0);
    assert.equal(l.reviewItemsPerStudent, 0);
  });

  it('reports worked examples and resources apart from items, and steps to mastery as items plus them', () => {
    const p = simulate(pack, { policy: 'pathwise', students: 10, seed: 2, skills: SMALL });
    assert.equal(p.nonItemSteps.mean, p.nonItemStepsPerStudent);
    assert.ok(p.nonItemSteps.beforeMastery <= p.nonItemSteps.mean);
    assert.ok(Math.abs(p.stepsToMastery.mean - (p.itemsToMastery.mean + p.nonItemSteps.beforeMastery)) < 0.02);
    const l = simulate(pack, { policy: 'lowest-mastery', students: 10, seed: 2, skills: SMALL });
    assert.equal(l.nonItemSteps.mean, 0);
    assert.equal(l.stepsToMastery.mean, l.itemsToMastery.mean);
  });

  it('counts an introductory worked example per skill as a non-item step, never as an item', () => {
    const off = simulate(pack, {
      policy: 'pathwise',
      students: 6,
      seed: 4,
      skills: SMALL,
      population: { exampleFactor: 0, resourceRange: [0, 0] },
    });
    const on = simulate(pack, {
      policy: 'pathwise',
      students: 6,
      seed: 4,
      skills: SMALL,
      population: { exampleFactor: 0, resourceRange: [0, 0] },
      config: { introExample: true },
    });
    // Every skill of SMALL has a worked example: at least one introduction each, per student.
    assert.equal(on.itemsToMastery.capped, 0);
    // Introductions come before each skill's first item, so before full mastery: steps, not items.
    assert.ok(on.nonItemSteps.mean >= SMALL.length, `${on.nonItemSteps.mean} vs ${off.nonItemSteps.mean}`);
    assert.ok(on.stepsToMastery.mean - on.itemsToMastery.mean >= SMALL.length, JSON.stringify(on.stepsToMastery));
  });

  it('counts withdrawn masteries (lapses): none when nothing is ever mastered, some when reviews and slips happen', () => {
    const never = simulate(pack, {
      policy: 'pathwise',
      students: 3,
      seed: 6,
      skills: ['add-like'],
      maxItems: 20,
      config: { masteryThreshold: 0.9999999 },
    });
    assert.equal(never.lapsesPerStudent, 0);
    const some = simulate(pack, { policy: 'pathwise', students: 5, seed: 6, courseDays: 10 });
    assert.ok(some.lapsesPerStudent > 0 && some.lapsesPerStudent < some.declarations / some.students);
  });

  it('draws the same hidden students for every policy', () => {
    const a = drawStudent(pack, SMALL, 9, 3, DEFAULT_POPULATION);
    const b = drawStudent(pack, SMALL, 9, 3, DEFAULT_POPULATION);
    assert.deepEqual({ ...a, rng: null }, { ...b, rng: null });
  });

  it('priorShift draws a class that already knows more of the skills (prior 0.2 on the logit scale + 1.5: about half)', () => {
    const known = (shift: number): number => {
      let n = 0;
      for (let i = 0; i < 400; i++)
        n += Object.values(drawStudent(pack, SMALL, 9, i, { ...DEFAULT_POPULATION, priorShift: shift }).learned).filter(Boolean).length;
      return n / (400 * SMALL.length);
    };
    const plain = known(0);
    const strong = known(1.5);
    assert.ok(plain > 0.15 && plain < 0.3 && strong > 0.4 && strong < 0.62, `${plain} ${strong}`);
  });

  it('simulated students answer by their hidden state: learned students rarely miss typed answers', () => {
    const st = drawStudent(pack, ['fraction-meaning'], 1, 0, { ...DEFAULT_POPULATION, emissionSd: 0 });
    st.learned['fraction-meaning'] = true;
    st.forget['fraction-meaning'] = 0;
    let right = 0;
    for (let i = 0; i < 400; i++)
      if (answer(st, ['fraction-meaning'], { class: 'fraction-entry', difficulty: -1.4 }, DEFAULT_POPULATION).correct) right += 1;
    assert.ok(right / 400 > 0.85 && right / 400 < 0.95, `${right}/400`);
  });

  it('partial knowledge: a student who has not learned a skill solves its easier items more often than its harder ones', () => {
    const st = drawStudent(pack, ['add-unlike'], 1, 0, { ...DEFAULT_POPULATION, emissionSd: 0 });
    st.learned['add-unlike'] = false;
    const easy = emissionTruth(st, 'add-unlike', { class: 'fraction-entry', difficulty: -1 }, DEFAULT_POPULATION);
    const hard = emissionTruth(st, 'add-unlike', { class: 'fraction-entry', difficulty: 3 }, DEFAULT_POPULATION);
    assert.ok(easy > 0.3 && hard < 0.1, `${easy} ${hard}`);
    const plain = emissionTruth(
      st,
      'add-unlike',
      { class: 'fraction-entry', difficulty: -1 },
      { ...DEFAULT_POPULATION, partialKnowledge: 0 },
    );
    assert.equal(plain, st.guess['add-unlike']?.['fraction-entry'], 'plain BKT: the class guess whatever the difficulty');
  });

  it('calibration fits item-level parameters from other students, and every policy uses the same fit', () => {
    const opts = { students: 5, seed: 8, skills: SMALL, calibrationStudents: 60, calibrationRounds: 1, untilMastery: true };
    const p = simulate(pack, { ...opts, policy: 'pathwise' });
    const l = simulate(pack, { ...opts, policy: 'lowest-mastery' });
    assert.equal(p.params.source, 'calibration');
    assert.deepEqual(p.params, l.params);
    assert.ok((p.params.fittedSkills ?? 0) >= 1 && (p.params.itemLevel ?? 0) >= 1, JSON.stringify(p.params));
    assert.equal(simulate(pack, { ...opts, policy: 'pathwise', calibrationStudents: 0 }).params.source, 'pack');
    assert.equal(p.params.transitionsFitted, 0, "by default prior and learn stay the pack's, as in the app's refit");
    const fitted = simulate(pack, { ...opts, policy: 'pathwise', calibrationFitsTransitions: true });
    assert.equal(fitted.params.fittedSkills, p.params.fittedSkills);
    assert.ok(
      (fitted.params.transitionsFitted ?? -1) >= 0 && (fitted.params.transitionsFitted ?? 99) <= (p.params.fittedSkills ?? 0),
      JSON.stringify(fitted.params),
    );
  });

  it('with prerequisites slowing learning, pathwise needs fewer items than lowest-mastery (100 students, 5 skills, plain BKT)', () => {
    const plain = { partialKnowledge: 0 };
    const run = { students: 100, seed: 3, skills: SMALL, population: plain, untilMastery: true };
    const p = simulate(pack, { ...run, policy: 'pathwise' });
    const l = simulate(pack, { ...run, policy: 'lowest-mastery' });
    assert.ok(p.itemsToMastery.mean < l.itemsToMastery.mean, `${p.itemsToMastery.mean} vs ${l.itemsToMastery.mean}`);
    assert.ok(p.falseMasteryRate <= 0.05);
  });
});

describe('simulate CLI', () => {
  it('prints one JSON object with the issue keys', () => {
    let out = '';
    const code = runSimulateCli(
      ['--policy', 'random', '--students', '3', '--seed', '4', '--skills', 'fraction-meaning,add-like', '--calibrate', '0'],
      (s) => {
        out += s;
      },
      () => {},
    );
    assert.equal(code, 0);
    const r = JSON.parse(out) as Record<string, unknown>;
    for (const k of ['itemsToMastery', 'falseMasteryRate', 'overPractice', 'successRate', 'wheelSpinning', 'students'])
      assert.ok(k in r, k);
    assert.equal(out.trim().split('\n').length, 1);
  });

  it('passes policy settings given with --config and refuses unknown or mistyped ones', () => {
    let out = '';
    const argv = ['--policy', 'pathwise', '--students', '2', '--seed', '4', '--skills', 'fraction-meaning,add-like', '--calibrate', '0'];
    assert.equal(
      runSimulateCli(
        [...argv, '--config', '{"introExample":true}'],
        (s) => {
          out += s;
        },
        () => {},
      ),
      0,
    );
    const r = JSON.parse(out) as { nonItemSteps: { mean: number } };
    assert.ok(r.nonItemSteps.mean >= 2, JSON.stringify(r.nonItemSteps));
    for (const bad of ['{"colour":1}', '{"introExample":"yes"}', '[1]', 'nope']) {
      let err = '';
      assert.equal(
        runSimulateCli(
          [...argv, '--config', bad],
          () => {},
          (s) => {
            err += s;
          },
        ),
        2,
        bad,
      );
      assert.match(err, /--config/);
    }
  });

  it('exits 2 with the usage on bad input', () => {
    for (const argv of [
      ['--policy', 'best', '--students', '3'],
      ['--policy', 'random'],
      ['--policy', 'random', '--students', '2', '--partial-knowledge', '2'],
      ['--policy', 'random', '--students', '2', '--calibrate', '-1'],
      ['--policy', 'random', '--students', '2', '--calibration-transitions', 'maybe'],
      ['--policy', 'random', '--students', '2', '--colour', 'red'],
      ['--policy', 'random', '--students', '2', '--skills', 'nope'],
    ]) {
      let err = '';
      assert.equal(
        runSimulateCli(
          argv,
          () => {},
          (s) => {
            err += s;
          },
        ),
        2,
        argv.join(' '),
      );
      assert.match(err, /^simulate: /);
    }
  });
});

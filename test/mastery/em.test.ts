import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildDataset, eStep, mStep, runEm, type PackedParams, type SkillData } from '../../src/domain/mastery/index.ts';
import { newCounts } from '../../src/domain/mastery/em.ts';
import { enumerate } from './oracle.ts';

const close = (a: number, b: number, eps = 1e-12): void => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} != ${b}`);

function packed(p: { prior: number; learn: number[]; forget: number[]; guess: number[]; slip: number[] }): PackedParams {
  return {
    prior: p.prior,
    learn: Float64Array.from(p.learn),
    forget: Float64Array.from(p.forget),
    guess: Float64Array.from(p.guess),
    slip: Float64Array.from(p.slip),
  };
}

function only(data: SkillData[]): SkillData {
  assert.equal(data.length, 1);
  return data[0] as SkillData;
}

describe('mastery EM', () => {
  // Student A answers correct then incorrect; student B answers once, incorrectly.
  const tiny = only(
    buildDataset([
      { userId: 'A', skill: 's', order: 2, correct: 0 },
      { userId: 'B', skill: 's', order: 1, correct: false },
      { userId: 'A', skill: 's', order: 1, correct: 1 },
    ]),
  );
  const start = packed({ prior: 0.3, learn: [0.2], forget: [0], guess: [0.25], slip: [0.1] });

  it('computes one EM iteration on a tiny data set as by hand', () => {
    // Hidden paths of A (P(path, answers)): 00 = .7*.25*.8*.75, 01 = .7*.25*.2*.1, 11 = .3*.9*1*.1
    const a00 = 0.7 * 0.25 * 0.8 * 0.75;
    const a01 = 0.7 * 0.25 * 0.2 * 0.1;
    const a11 = 0.3 * 0.9 * 0.1;
    const pA = a00 + a01 + a11;
    const b0 = 0.7 * 0.75;
    const b1 = 0.3 * 0.1;
    const pB = b0 + b1;
    const r = runEm(tiny, start, { iterations: 1, tol: -1 });
    close(r.params.learn[0] as number, a01 / (a00 + a01));
    assert.equal(r.params.forget[0], 0);
    close(r.params.prior, (a11 / pA + b1 / pB) / 2);
    const unmasteredCorrect = (a00 + a01) / pA;
    const unmasteredWrong = a00 / pA + b0 / pB;
    close(r.params.guess[0] as number, unmasteredCorrect / (unmasteredCorrect + unmasteredWrong));
    const masteredCorrect = a11 / pA;
    const masteredWrong = (a01 + a11) / pA + b1 / pB;
    close(r.params.slip[0] as number, masteredWrong / (masteredCorrect + masteredWrong));
    const acc = newCounts(1, 1);
    close(eStep(tiny, start, acc), Math.log(pA) + Math.log(pB));
  });

  it('matches brute-force path enumeration with forgetting and item/resource classes', () => {
    const rows = [
      { u: 1, c: 1, g: 'x', l: 'p' },
      { u: 1, c: 0, g: 'y', l: 'q' },
      { u: 1, c: -1, g: 'x', l: 'q' },
      { u: 1, c: 1, g: 'y', l: 'p' },
      { u: 2, c: 0, g: 'y', l: 'q' },
      { u: 2, c: 1, g: 'x', l: 'p' },
      { u: 2, c: 1, g: 'x', l: 'q' },
    ];
    const d = only(buildDataset(rows.map((r, i) => ({ userId: r.u, skill: 's', order: i, correct: r.c, gsClass: r.g, learnClass: r.l }))));
    assert.deepEqual(d.classes, { gs: ['x', 'y'], learn: ['p', 'q'] });
    const p = packed({ prior: 0.35, learn: [0.15, 0.4], forget: [0.05, 0.2], guess: [0.2, 0.3], slip: [0.1, 0.15] });
    const acc = newCounts(2, 2);
    const ll = eStep(d, p, acc);
    const want = enumerate(d, p);
    close(ll, want.ll);
    want.trans.forEach((v, i) => close(acc.trans[i] as number, v));
    want.emit.forEach((v, i) => close(acc.emit[i] as number, v));
    want.init.forEach((v, i) => close(acc.init[i] as number, v));
  });

  it('sends a from-state without transition counts to mastered and an empty emission row to 0.5/0.5', () => {
    const oneEach = only(
      buildDataset([
        { userId: 1, skill: 's', order: 1, correct: 1, gsClass: 'a' },
        { userId: 2, skill: 's', order: 1, correct: -1, gsClass: 'b' },
      ]),
    );
    const r = runEm(oneEach, packed({ prior: 0.4, learn: [0.2], forget: [0.1], guess: [0.2, 0.2], slip: [0.1, 0.1] }), {
      iterations: 1,
      tol: -1,
    });
    assert.equal(r.params.learn[0], 1);
    assert.equal(r.params.forget[0], 0);
    assert.equal(r.params.guess[1], 0.5);
    assert.equal(r.params.slip[1], 0.5);
  });

  it('runs exactly the requested number of rounds with a negative tolerance', () => {
    const r = runEm(tiny, start, { iterations: 7, tol: -1 });
    assert.equal(r.iterations, 7);
  });

  it('never decreases the log-likelihood from one iteration to the next', () => {
    const seqArb = fc.array(fc.record({ c: fc.constantFrom(-1, 0, 1, 1), g: fc.constantFrom('a', 'b'), l: fc.constantFrom('p', 'q') }), {
      minLength: 1,
      maxLength: 12,
    });
    const probArb = fc.double({ min: 0.01, max: 0.99, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(seqArb, { minLength: 1, maxLength: 8 }),
        fc.array(probArb, { minLength: 9, maxLength: 9 }),
        fc.boolean(),
        (seqs, v, forgets) => {
          const rows = seqs.flatMap((s, u) =>
            s.map((r, t) => ({ userId: u, skill: 'k', order: t, correct: r.c, gsClass: r.g, learnClass: r.l })),
          );
          const d = only(buildDataset(rows));
          const nL = d.classes.learn.length;
          const nG = d.classes.gs.length;
          const p: PackedParams = {
            prior: v[0] as number,
            learn: Float64Array.from({ length: nL }, (_, i) => v[1 + i] as number),
            forget: Float64Array.from({ length: nL }, (_, i) => (forgets ? (v[3 + i] as number) * 0.5 : 0)),
            guess: Float64Array.from({ length: nG }, (_, i) => (v[5 + i] as number) * 0.5),
            slip: Float64Array.from({ length: nG }, (_, i) => (v[7 + i] as number) * 0.5),
          };
          const lls: number[] = [];
          runEm(d, p, { iterations: 25, tol: -1, onIteration: (ll) => lls.push(ll) });
          for (let i = 1; i < lls.length; i++) {
            const prev = lls[i - 1] as number;
            assert.ok((lls[i] as number) >= prev - 1e-9 * Math.max(1, Math.abs(prev)), `LL fell at ${i}: ${prev} -> ${lls[i]}`);
          }
        },
      ),
      { numRuns: 150, seed: 42 },
    );
  });

  it('keeps forget at exactly 0 when it starts at 0', () => {
    const r = runEm(tiny, start, { iterations: 20, tol: -1 });
    assert.equal(r.params.forget[0], 0);
  });

  it('sums expected counts from any split of the sequences to the whole', () => {
    const d = only(
      buildDataset(Array.from({ length: 40 }, (_, i) => ({ userId: i % 5, skill: 's', order: i, correct: (i * 7) % 3 === 0 ? 0 : 1 }))),
    );
    const p = packed({ prior: 0.2, learn: [0.3], forget: [0.1], guess: [0.2], slip: [0.1] });
    const whole = newCounts(1, 1);
    const llWhole = eStep(d, p, whole);
    const parts = newCounts(1, 1);
    const llParts = eStep(d, p, parts, undefined, 0, 2) + eStep(d, p, parts, undefined, 2, 5);
    close(llParts, llWhole);
    whole.trans.forEach((x, i) => close(parts.trans[i] as number, x));
  });

  it('mStep turns counts into normalised rows', () => {
    const acc = newCounts(1, 1);
    acc.trans.set([3, 1, 1, 4]);
    acc.emit.set([6, 2, 1, 9]);
    acc.init.set([3, 1]);
    const out = packed({ prior: 0, learn: [0], forget: [0], guess: [0], slip: [0] });
    mStep(acc, out);
    assert.deepEqual([out.prior, out.learn[0], out.forget[0], out.guess[0], out.slip[0]], [0.25, 0.25, 0.2, 0.25, 0.1]);
  });
});

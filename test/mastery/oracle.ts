/**
 * Test oracle: exact posterior expectations by enumerating every hidden path of each sequence
 * (2^T paths), written independently of the forward-backward code it checks.
 */
import type { PackedParams, SkillData } from '../../src/domain/mastery/index.ts';

export interface Expectations {
  ll: number;
  trans: number[];
  emit: number[];
  init: number[];
}

export function enumerate(d: SkillData, p: PackedParams): Expectations {
  const nL = p.learn.length;
  const nG = p.guess.length;
  const out: Expectations = { ll: 0, trans: new Array(4 * nL).fill(0), emit: new Array(4 * nG).fill(0), init: [0, 0] };
  for (let s = 0; s + 1 < d.seqStarts.length; s++) {
    const a = d.seqStarts[s] as number;
    const T = (d.seqStarts[s + 1] as number) - a;
    const weights: number[] = [];
    const paths: number[][] = [];
    for (let mask = 0; mask < 1 << T; mask++) {
      const st = Array.from({ length: T }, (_, t) => (mask >> t) & 1);
      let w = st[0] === 1 ? p.prior : 1 - p.prior;
      for (let t = 0; t < T; t++) {
        const i = a + t;
        if (t > 0) {
          const c = d.learnClass[i] as number;
          const from = st[t - 1];
          const to = st[t];
          const l = p.learn[c] as number;
          const f = p.forget[c] as number;
          w *= from === 0 ? (to === 1 ? l : 1 - l) : to === 0 ? f : 1 - f;
        }
        const o = d.correct[i] as number;
        if (o >= 0) {
          const g = d.gsClass[i] as number;
          const pc = st[t] === 1 ? 1 - (p.slip[g] as number) : (p.guess[g] as number);
          w *= o === 1 ? pc : 1 - pc;
        }
      }
      weights.push(w);
      paths.push(st);
    }
    const total = weights.reduce((x, y) => x + y, 0);
    out.ll += Math.log(total);
    paths.forEach((st, k) => {
      const w = (weights[k] as number) / total;
      out.init[st[0] as number] = (out.init[st[0] as number] as number) + w;
      for (let t = 0; t < T; t++) {
        const i = a + t;
        if (t > 0) {
          const k = (d.learnClass[i] as number) * 4 + (st[t - 1] as number) * 2 + (st[t] as number);
          out.trans[k] = (out.trans[k] as number) + w;
        }
        const o = d.correct[i] as number;
        if (o >= 0) {
          const k = (d.gsClass[i] as number) * 4 + (st[t] as number) * 2 + o;
          out.emit[k] = (out.emit[k] as number) + w;
        }
      }
    });
  }
  return out;
}

/**
 * Synthetic data from the BKT generative model (same conventions as fitting), for parameter
 * recovery tests, benchmarks and the CLI `generate` command.
 */
import { RowColumns, groupBySkill } from './dataset.ts';
import { createRng } from '../random.ts';
import type { BktParams, SkillData } from './types.ts';

export interface GenerateSpec {
  students: number;
  length: number;
  params: BktParams;
  seed: number;
  /** Item class of opportunity t of student s (default 0). */
  gsClassOf?: (student: number, t: number) => number;
  /** Resource class of opportunity t of student s (default 0). */
  learnClassOf?: (student: number, t: number) => number;
}

/** Calls `emit` once per opportunity, students in order, each sequence in time order. */
export function generateRows(
  spec: GenerateSpec,
  emit: (student: number, t: number, correct: 0 | 1, gsClass: number, learnClass: number) => void,
): void {
  const rng = createRng(spec.seed);
  const p = spec.params;
  for (let s = 0; s < spec.students; s++) {
    let mastered = false;
    for (let t = 0; t < spec.length; t++) {
      const g = spec.gsClassOf?.(s, t) ?? 0;
      const l = spec.learnClassOf?.(s, t) ?? 0;
      if (t === 0) mastered = rng.next() < p.prior;
      else if (mastered) mastered = !(rng.next() < (p.forgets[l] ?? 0));
      else mastered = rng.next() < (p.learns[l] as number);
      const pc = mastered ? 1 - (p.slips[g] as number) : (p.guesses[g] as number);
      emit(s, t, rng.next() < pc ? 1 : 0, g, l);
    }
  }
}

/** Synthetic data already packed (one skill named `skill`), class names "0", "1", ... */
export function generateDataset(spec: GenerateSpec, skill = 'skill'): SkillData {
  const cols = new RowColumns();
  let line = 1;
  generateRows(spec, (s, t, c, g, l) => cols.push(skill, String(s + 1), t + 1, c, String(g), String(l), ++line));
  const d = groupBySkill(cols)[0];
  if (!d) throw new RangeError('generate: no rows (students and length must be positive)');
  return d;
}

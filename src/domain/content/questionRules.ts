/**
 * Rules a question must satisfy beyond its shape: that it can be answered at all (some choice
 * gives full marks, the stated answer parses, …). Each item type states its own rules in its
 * folder under itemTypes/; this is the entry point shared by fixed items and generator dry-runs.
 */
import { typeRules } from './itemTypes/index.ts';
import type { Problem, Question } from './types.ts';

/** Problems of one concrete question, with paths under `path`. */
export function questionProblems(q: Question, path: string): Problem[] {
  const out: Problem[] = [];
  typeRules(q, (sub, message) => {
    out.push({ path: `${path}${sub}`, message });
  });
  return out;
}

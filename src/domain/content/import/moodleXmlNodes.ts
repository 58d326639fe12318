/**
 * Reading the nodes of a parsed Moodle XML question: text fields and their formats, the question
 * types Pathwise cannot serve (and why), and answer grades checked against the values Moodle
 * accepts and its sum rule per question type.
 */
import type { ImportProblems as Problems } from '../errors.ts';
import { htmlToText } from '../present.ts';
import { readGrade, sumProblem, type GradeRule } from './grades.ts';

export type Node = Record<string, unknown>;

export const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
export const textOf = (n: unknown): string => (n && typeof n === 'object' ? str((n as Node).text) : str(n));
export const formatOf = (n: unknown): string => (n && typeof n === 'object' ? str((n as Node)['@_format']) : '');
export const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : []);
/** Text fields of answers and feedback: HTML formats become plain text. */
export const plainOf = (n: unknown): string => {
  const t = textOf(n);
  return formatOf(n) === 'html' || formatOf(n) === 'moodle_auto_format' ? htmlToText(t) : t.trim();
};

export const SKIP: Record<string, string> = {
  essay: 'not auto-gradable',
  description: 'is a description, not a question',
  cloze: 'embedded answers (cloze) are not supported yet',
  multianswer: 'embedded answers (cloze) are not supported yet',
  calculated: 'calculated questions are not supported yet',
  calculatedsimple: 'calculated questions are not supported yet',
  calculatedmulti: 'calculated questions are not supported yet',
  ddwtos: 'drag-and-drop questions are not supported',
  ddimageortext: 'drag-and-drop questions are not supported',
  ddmarker: 'drag-and-drop questions are not supported',
  gapselect: 'select-missing-words questions are not supported',
  randomsamatch: 'random matching draws from other questions and cannot be converted',
  random: 'random questions cannot be converted',
};

/** One answer's grade as a fraction; a grade Moodle would refuse is reported (and counts as 0). */
export function fraction(a: Node, line: number, problems: Problems, question: string): number {
  const g = readGrade(str(a['@_fraction']), question, plainOf(a));
  if (!g.ok) {
    problems.push({ line, message: g.message });
    return 0;
  }
  return g.fraction;
}

/** Adds the type's sum rule unless a grade of the question was already refused (one problem at a time). */
export function sumRule(rule: GradeRule, name: string, fractions: number[], line: number, problems: Problems, before: number): void {
  if (problems.length !== before) return;
  const message = sumProblem(rule, name, fractions);
  if (message) problems.push({ line, message });
}

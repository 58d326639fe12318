/**
 * Rules a question must satisfy beyond its shape: that it can be answered at all (some choice
 * gives full marks, partial credits add up, the stated answer parses, the expression only uses
 * declared variables). Shared by fixed items and by generator dry-runs at load time.
 */
import type { Problem, Question } from './types.ts';
import { parseRational } from './rational.ts';
import { compileSafe } from './safeMath.ts';

const close = (a: number, b: number): boolean => Math.abs(a - b) < 0.011;

/** Problems of one concrete question, with paths under `path`. */
export function questionProblems(q: Question, path: string): Problem[] {
  const out: Problem[] = [];
  const add = (sub: string, message: string): void => { out.push({ path: `${path}${sub}`, message }); };
  switch (q.type) {
    case 'choice': {
      const scores = q.choices.map((c) => c.score ?? (c.correct ? 1 : 0));
      q.choices.forEach((c, i) => {
        if (c.score !== undefined && c.correct !== undefined && (c.score === 1) !== c.correct) add(`.choices[${i}]`, '"correct" and "score" disagree');
      });
      if (q.multiple) {
        const positive = scores.filter((s) => s > 0).reduce((a, b) => a + b, 0);
        if (!close(positive, 1)) add('.choices', `the positive scores of a multiple-answer question must add up to 1 (they add up to ${+positive.toFixed(4)})`);
      } else if (!scores.some((s) => close(s, 1))) {
        add('.choices', 'no choice gives full marks (mark one "correct: true" or "score: 1")');
      }
      const seen = new Set<string>();
      q.choices.forEach((c, i) => {
        if (seen.has(c.text.trim())) add(`.choices[${i}].text`, `duplicate choice "${c.text}"`);
        seen.add(c.text.trim());
      });
      break;
    }
    case 'numeric': {
      if (q.answer === undefined && !q.answers?.length) add('', 'give "answer" or "answers"');
      if (q.answer !== undefined && q.answers?.length) add('', 'give either "answer" or "answers", not both');
      if (q.answers?.length && !q.answers.some((a) => close(a.score ?? 1, 1))) add('.answers', 'no answer gives full marks');
      if (q.unitRequired && !q.units?.length) add('.units', 'units are required but none are listed');
      break;
    }
    case 'fraction':
    case 'ratio': {
      const parsed = parseRational(q.answer);
      if (!parsed.ok) add('.answer', `"${q.answer}" is not a valid ${q.type}: ${parsed.reason}`);
      else if (q.type === 'ratio' && parsed.parsed.form !== 'ratio') add('.answer', `"${q.answer}" is not written as a ratio like 2:3`);
      break;
    }
    case 'expression': {
      const c = compileSafe(q.answer, q.variables);
      if (!c.ok) add('.answer', `"${q.answer}" cannot be checked: ${c.reason}`);
      if (q.domain && q.domain[0] >= q.domain[1]) add('.domain', 'the domain must be [low, high] with low < high');
      break;
    }
    case 'text': {
      const scores = q.answers.map((a) => (typeof a === 'string' ? 1 : a.score ?? 1));
      if (!scores.some((s) => close(s, 1)) && !(q.patterns ?? []).some((p) => close(p.score ?? 1, 1))) add('.answers', 'no answer gives full marks');
      (q.patterns ?? []).forEach((p, i) => {
        try { new RegExp(p.regex, p.flags); } catch { add(`.patterns[${i}].regex`, `invalid regular expression "${p.regex}"`); }
      });
      break;
    }
    case 'ordering': {
      if (new Set(q.items.map((t) => t.trim())).size !== q.items.length) add('.items', 'items to order must be different from each other');
      break;
    }
    case 'matching': {
      if (new Set(q.pairs.map((p) => p.prompt.trim())).size !== q.pairs.length) add('.pairs', 'each prompt must appear once');
      break;
    }
    case 'truefalse':
      break;
  }
  return out;
}

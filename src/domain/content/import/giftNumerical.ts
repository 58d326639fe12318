/**
 * GIFT numerical answers ({#3:0.5}, {#1..5}, several graded answers): each becomes a value and a
 * tolerance; Moodle's sum rule for numerical questions is applied.
 */
import type { ImportProblems } from '../errors.ts';
import { sumProblem } from './grades.ts';
import type { ImportedQuestion } from './common.ts';
import { plain, restore, splitAnswers } from './giftText.ts';

export function numerical(
  body: string,
  base: { name: string; line: number; category: string[] },
  prompt: { prompt: string },
  line: number,
  problems: ImportProblems,
): ImportedQuestion {
  const marked = /^\s*[=~]/.test(body) ? body : /[=~]/.test(body) ? `=${body.trimStart()}` : null;
  const parts =
    marked !== null
      ? splitAnswers(marked, line, problems, base.name)
      : [
          {
            mark: '=' as const,
            weight: null,
            ...(() => {
              const [t = '', ...f] = body.split('#');
              return { text: t, feedback: f.join('#') };
            })(),
            line,
          },
        ];
  const answers: { value: number; tolerance: number; score: number; feedback?: string }[] = [];
  let incorrect: string | undefined;
  for (const p of parts) {
    const t = restore(p.text).trim().replace(/^#/, '');
    if (t === '') {
      if (p.feedback) incorrect = plain(p.feedback);
      continue;
    }
    const range = /^(-?[\d.]+)\.\.(-?[\d.]+)$/.exec(t);
    const tol = /^(-?[\d.eE+-]+)(?::([\d.eE+-]+))?$/.exec(t);
    let value: number;
    let tolerance: number;
    if (range) {
      const lo = Number(range[1]);
      const hi = Number(range[2]);
      value = (lo + hi) / 2;
      tolerance = Math.abs(hi - lo) / 2;
    } else if (tol) {
      value = Number(tol[1]);
      tolerance = tol[2] === undefined ? 0 : Number(tol[2]);
    } else {
      problems.push({ line: p.line, message: `"${t}" is not a number (use 3, 3:0.5 or 1..5)` });
      continue;
    }
    if (!Number.isFinite(value) || !Number.isFinite(tolerance)) {
      problems.push({ line: p.line, message: `"${t}" is not a number` });
      continue;
    }
    answers.push({
      value,
      tolerance,
      score: p.mark === '~' && p.weight === null ? 0 : (p.weight ?? 1),
      ...(p.feedback ? { feedback: plain(p.feedback) } : {}),
    });
  }
  const rule = sumProblem(
    'numerical',
    base.name,
    answers.map((a) => a.score),
  );
  if (rule && answers.length) problems.push({ line, message: rule });
  return {
    ...base,
    moodleType: 'numerical',
    question: { type: 'numeric', ...prompt, answers },
    ...(incorrect ? { feedback: { incorrect } } : {}),
  };
}

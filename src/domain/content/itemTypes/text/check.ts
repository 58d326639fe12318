/**
 * Short text answers: compared after normalisation (case, spacing, quotes, end punctuation),
 * with alternatives, Moodle-style "*" wildcards and optional regular-expression patterns.
 */
import type { CheckResult } from '../../types.ts';
import type { TextQuestion } from './index.ts';
import { asText, normaliseText, result, type Said } from '../checkUtil.ts';

type Text = TextQuestion;

function globToRegExp(glob: string, caseSensitive: boolean): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, caseSensitive ? 'u' : 'iu');
}

/** Text matching shared with misconception detection. */
export function textMatches(expected: string, given: string, caseSensitive = false): boolean {
  const e = normaliseText(expected, caseSensitive);
  const g = normaliseText(given, caseSensitive);
  return expected.includes('*') ? globToRegExp(e, caseSensitive).test(g) : e === g;
}

export function checkText(q: Text, response: unknown, incorrectText: Said): CheckResult {
  const t = asText(response);
  if (!t.ok) return result(0, t.message);
  let best: { score: number; feedback: string } | null = null;
  const consider = (score: number, feedback: string): void => {
    if (!best || score > best.score) best = { score, feedback };
  };
  for (const a of q.answers) {
    const { text, score = 1, feedback = '' } = typeof a === 'string' ? { text: a } : a;
    if (textMatches(text, t.text, q.caseSensitive)) {
      consider(score, feedback);
      if (!text.includes('*')) break;
    }
  }
  const plain = t.text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  for (const p of q.patterns ?? []) {
    try {
      const flags = `${p.flags ?? ''}${q.caseSensitive || (p.flags ?? '').includes('i') ? '' : 'i'}`;
      if (new RegExp(p.regex, flags).test(plain)) consider(p.score ?? 1, p.feedback ?? '');
    } catch {
      /* invalid patterns are rejected at load time */
    }
  }
  const found = best as { score: number; feedback: string } | null;
  if (!found) return result(0, incorrectText);
  return result(found.score, found.feedback || (found.score > 0 ? '' : incorrectText));
}

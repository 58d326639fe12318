/**
 * The lexical layer of the GIFT parser: escapes (\~ \= \# \{ \} \: \n) are protected while a
 * question is taken apart and restored in its texts, format prefixes are read, and an answer list
 * ("=right ~wrong %50%half #feedback") is split into marked answers with their grades and lines.
 */
import type { ImportProblems as Problems } from '../errors.ts';
import { htmlToText } from '../present.ts';
import { readGrade } from './grades.ts';

const ESC = { '~': '\u0001', '=': '\u0002', '#': '\u0003', '{': '\u0004', '}': '\u0005', ':': '\u0006' } as const;

export function protect(text: string): string {
  return text.replace(/\\([~=#{}:])/g, (_m, c: keyof typeof ESC) => ESC[c]).replace(/\\n/g, '\n');
}
export function restore(text: string): string {
  let out = text;
  for (const [c, code] of Object.entries(ESC)) out = out.split(code).join(c);
  return out;
}

/** Strips a [html]/[moodle]/[plain]/[markdown] prefix and returns plain text. */
export function plain(raw: string): string {
  const m = /^\s*\[(html|moodle|plain|markdown)\]/.exec(raw);
  const body = restore(m ? raw.slice(m[0].length) : raw).trim();
  return m?.[1] === 'html' || m?.[1] === 'moodle' ? htmlToText(body) : body;
}

/** weight: the %n% grade as a fraction (0.5 for %50%), null when absent. */
export interface Answer {
  mark: '=' | '~';
  weight: number | null;
  text: string;
  feedback: string;
  line: number;
}

export function splitAnswers(body: string, firstLine: number, problems: Problems, question: string): Answer[] {
  const out: Answer[] = [];
  const re = /([=~])([^=~]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    const line = firstLine + body.slice(0, m.index).split('\n').length - 1;
    let rest = m[2] ?? '';
    let weight: number | null = null;
    const w = /^\s*%([^%]*)%/.exec(rest);
    if (w) {
      rest = rest.slice(w[0].length);
      const g = (w[1] ?? '').trim() === '' ? null : readGrade(w[1] ?? '', question, plain(rest.split('#')[0] ?? ''));
      if (g === null) problems.push({ line, message: `Question "${question}": "%%" has no grade inside. Write a grade such as %50%.` });
      else if (!g.ok) problems.push({ line, message: g.message });
      else weight = g.fraction;
    }
    const [text = '', ...fb] = rest.split('#');
    out.push({ mark: m[1] as '=' | '~', weight, text, feedback: fb.join('#'), line });
  }
  return out;
}

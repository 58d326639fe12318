/** Small shared pieces of answer checking: input coercion, text normalisation, result building. */
import type { CheckResult } from '../types.ts';
import { msg, type Message } from '../messages.ts';

/** What a checker says: the item's own words (a string) or one of the checker's catalog sentences. */
export type Said = string | Message;

export const MAX_INPUT = 500;

/** A response as text, or a reason it cannot be one. Never throws, whatever `response` is. */
export function asText(response: unknown): { ok: true; text: string } | { ok: false; message: Message } {
  let text: string;
  if (typeof response === 'string') text = response;
  else if (typeof response === 'number') {
    if (!Number.isFinite(response)) return { ok: false, message: msg('check.notANumber') };
    text = String(response);
  } else if (typeof response === 'boolean') text = String(response);
  else return { ok: false, message: msg('check.typeAnswer') };
  if (text.length > MAX_INPUT) return { ok: false, message: msg('check.tooLong') };
  if (text.trim() === '') return { ok: false, message: msg('check.empty') };
  return { ok: true, text };
}

/** Case-folded, whitespace-collapsed, NFKC form used to compare short text answers. */
export function normaliseText(input: string, caseSensitive = false): string {
  let t = input
    .normalize('NFKC')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"');
  t = t
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["']+|["']+$/g, '')
    .replace(/[.!?;,]+$/, '')
    .trim();
  return caseSensitive ? t : t.toLocaleLowerCase('en');
}

export function clampScore(s: number): number {
  if (!Number.isFinite(s)) return 0;
  return Math.min(1, Math.max(0, Math.round(s * 1e6) / 1e6));
}

/** Outcome from score: anything strictly between 0 and 1 is partial credit. */
export function result(score: number, said: Said, misconception?: { id: string; feedback: string }): CheckResult {
  const s = clampScore(score);
  const outcome = s >= 0.999 ? 'correct' : s > 0 ? 'partial' : 'incorrect';
  return {
    outcome,
    score: outcome === 'correct' ? 1 : s,
    ...(misconception ? { misconception } : {}),
    feedback: typeof said === 'string' ? said.trim() : '',
    ...(typeof said === 'string' ? {} : { message: said }),
  };
}

/** Scores that add up to 1 within rounding (0.33 + 0.33 + 0.34). */
export const close = (a: number, b: number): boolean => Math.abs(a - b) < 0.011;

/** A list of ids from a comma-separated string or an array of strings; null if it is neither. */
export function idList(response: unknown): string[] | null {
  if (typeof response === 'string')
    return response.length > 500
      ? null
      : response
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  if (Array.isArray(response) && response.length <= 100 && response.every((r) => typeof r === 'string')) return response as string[];
  return null;
}

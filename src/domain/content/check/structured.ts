/**
 * Choice, true/false, ordering and matching answers. Multiple-answer choice follows Moodle's
 * rule: the selected choices' scores are added (wrong picks can carry negative marks) and the
 * total is clamped to 0..1. Ordering and matching give credit per item placed right.
 */
import type { CheckResult, InstanceQuestion } from '../types.ts';
import { normaliseText } from './util.ts';
import { result } from './util.ts';

type Choice = Extract<InstanceQuestion, { type: 'choice' }>;
type Ordering = Extract<InstanceQuestion, { type: 'ordering' }>;
type Matching = Extract<InstanceQuestion, { type: 'matching' }>;

function idList(response: unknown): string[] | null {
  if (typeof response === 'string') return response.length > 500 ? null : response.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(response) && response.length <= 100 && response.every((r) => typeof r === 'string')) return response as string[];
  return null;
}

/** The choices a response selects (by id, or by exact text), or null if it names something else. */
export function selectedChoices(q: Choice, response: unknown): Choice['choices'] | null {
  const ids = idList(response);
  if (!ids || ids.length === 0) return null;
  const picked = new Map<string, Choice['choices'][number]>();
  for (const id of ids) {
    const c = q.choices.find((x) => x.id === id) ?? q.choices.find((x) => normaliseText(x.text) === normaliseText(id));
    if (!c) return null;
    picked.set(c.id, c);
  }
  return [...picked.values()];
}

export function checkChoice(q: Choice, response: unknown, incorrectText: string): CheckResult {
  const picked = selectedChoices(q, response);
  if (!picked) return result(0, 'Choose one of the options.');
  if (!q.multiple && picked.length > 1) return result(0, 'Choose only one option.');
  const score = picked.reduce((s, c) => s + c.score, 0);
  const feedback = picked.map((c) => c.feedback ?? '').filter(Boolean).join(' ');
  return result(score, feedback || (score > 0 ? '' : incorrectText));
}

/** Reads true/false from booleans and from the words students and LMSs use. */
export function readBoolean(response: unknown): boolean | null {
  if (typeof response === 'boolean') return response;
  if (typeof response !== 'string' || response.length > 20) return null;
  const t = normaliseText(response);
  if (['true', 't', 'yes', 'y', 'vrai', '1'].includes(t)) return true;
  if (['false', 'f', 'no', 'n', 'faux', '0'].includes(t)) return false;
  return null;
}

export function checkTrueFalse(q: Extract<InstanceQuestion, { type: 'truefalse' }>, response: unknown, incorrectText: string): CheckResult {
  const b = readBoolean(response);
  if (b === null) return result(0, 'Answer true or false.');
  const fb = (b ? q.feedbackTrue : q.feedbackFalse) ?? '';
  return result(b === q.answer ? 1 : 0, fb || (b === q.answer ? '' : incorrectText));
}

export function checkOrdering(q: Ordering, response: unknown, incorrectText: string): CheckResult {
  const ids = idList(response);
  const byText = (x: string): string => q.items.find((i) => i.id === x)?.id ?? q.items.find((i) => normaliseText(i.text) === normaliseText(x))?.id ?? '';
  const order = ids?.map(byText);
  if (!order || order.length !== q.order.length || new Set(order).size !== order.length || order.includes('')) {
    return result(0, 'Put every item in order, using each one exactly once.');
  }
  const right = order.filter((id, i) => q.order[i] === id).length;
  if (right === order.length) return result(1, '');
  return result(right / order.length, right > 0 ? `${right} of ${order.length} are in the right place.` : incorrectText);
}

export function checkMatching(q: Matching, response: unknown, incorrectText: string): CheckResult {
  if (!response || typeof response !== 'object' || Array.isArray(response)) return result(0, 'Match every prompt to an answer.');
  const r = response as Record<string, unknown>;
  let right = 0;
  for (const p of q.pairs) {
    const given = Object.hasOwn(r, p.id) ? r[p.id] : undefined;
    if (typeof given === 'string' && given.length <= 500 && normaliseText(given) === normaliseText(p.answer)) right++;
  }
  if (right === q.pairs.length) return result(1, '');
  return result(right / q.pairs.length, right > 0 ? `${right} of ${q.pairs.length} matches are right.` : incorrectText);
}

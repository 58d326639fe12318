/**
 * Fraction, mixed-number and ratio answers. Equal values are accepted in any form (2/4 = 1/2)
 * unless the item asks for a form: then an equal value in the wrong form earns partial credit
 * with a message saying what to change, which is what a teacher marking by hand would do.
 */
import type { CheckResult } from '../../types.ts';
import { equals, gcd, parseRational, type Rational } from '../../rational.ts';
import { asText, result, type Said } from '../checkUtil.ts';
import { msg } from '../../messages.ts';

type Frac = { prompt: string } & (
  | { type: 'fraction'; answer: string; form?: 'any' | 'simplest' | 'mixed' | 'improper'; acceptDecimal?: boolean }
  | { type: 'ratio'; answer: string; form?: 'any' | 'simplest' }
);
const FORM_CREDIT = 0.5;

/** Value of a response, for misconception matching as well as checking. */
export function fractionValue(response: unknown): Rational | null {
  const t = asText(response);
  if (!t.ok) return null;
  const p = parseRational(t.text);
  return p.ok ? p.parsed.value : null;
}

export function checkFraction(q: Frac, response: unknown, incorrectText: Said): CheckResult {
  const t = asText(response);
  if (!t.ok) return result(0, t.message);
  const parsed = parseRational(t.text);
  if (!parsed.ok) return result(0, parsed.message);
  const target = parseRational(q.answer);
  if (!target.ok) return result(0, msg('check.cannotCheck'));
  const p = parsed.parsed;
  if (!equals(p.value, target.parsed.value)) return result(0, incorrectText);
  const lowest = gcd(p.written.num, p.written.den) === 1;
  if (q.type === 'ratio') {
    if (p.form !== 'ratio' && p.form !== 'integer') return result(FORM_CREDIT, msg('check.asRatio'));
    if (q.form === 'simplest' && !lowest) return result(FORM_CREDIT, msg('check.simplifyRatio'));
    return result(1, '');
  }
  if (p.form === 'ratio') return result(FORM_CREDIT, msg('check.notRatio'));
  if (p.form === 'decimal' && !q.acceptDecimal) return result(FORM_CREDIT, msg('check.notDecimal'));
  const value = p.value;
  const improper = Math.abs(value.num) > value.den && value.den !== 1;
  switch (q.form) {
    case 'simplest':
      if (!lowest) return result(FORM_CREDIT, msg('check.simplest'));
      break;
    case 'mixed':
      if (improper && p.form !== 'mixed') return result(FORM_CREDIT, msg('check.asMixed'));
      if (!lowest) return result(FORM_CREDIT, msg('check.simplifyPart'));
      if (p.form === 'mixed' && p.written.num >= p.written.den) return result(FORM_CREDIT, msg('check.mixedPart'));
      break;
    case 'improper':
      if (p.form === 'mixed') return result(FORM_CREDIT, msg('check.asImproper'));
      break;
    default:
      break;
  }
  return result(1, '');
}

/**
 * Exact rational numbers for fraction items. Parsing accepts what a teacher would accept on
 * paper: "3/4", "-3/4", "1 1/2" (mixed), "2:3" (ratio), "0.75", unicode vulgar fractions (after
 * NFKC) and the fraction slash. Values are kept as safe integers; anything that would overflow
 * or divide by zero is reported as a parse failure, never thrown.
 */
import { msg, type Message } from './messages.ts';

export interface Rational {
  num: number;
  den: number;
}

/** How the student wrote the value: the form rules (simplest, mixed, ...) depend on it. */
export interface ParsedRational {
  value: Rational;
  form: 'integer' | 'fraction' | 'mixed' | 'decimal' | 'ratio';
  /** Numerator and denominator exactly as written (for "is it in simplest form"). */
  written: Rational;
}

export type ParseResult = { ok: true; parsed: ParsedRational } | { ok: false; reason: string; message: Message };

/** Greatest common divisor of two integers (non-negative result). */
export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x;
}

/** Least common multiple of two positive integers. */
export function lcm(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : Math.abs((a / gcd(a, b)) * b);
}

/** Lowest terms with a positive denominator: the canonical form used for equality. */
export function reduce(r: Rational): Rational {
  const g = gcd(r.num, r.den) || 1;
  const sign = r.den < 0 ? -1 : 1;
  return { num: (sign * r.num) / g || 0, den: (sign * r.den) / g };
}

/** Exact equality of two rationals (cross-multiplication stays inside safe integers here). */
export function equals(a: Rational, b: Rational): boolean {
  const x = reduce(a);
  const y = reduce(b);
  return x.num === y.num && x.den === y.den;
}

export function add(a: Rational, b: Rational): Rational {
  return reduce({ num: a.num * b.den + b.num * a.den, den: a.den * b.den });
}
export function sub(a: Rational, b: Rational): Rational {
  return add(a, { num: -b.num, den: b.den });
}
export function mul(a: Rational, b: Rational): Rational {
  return reduce({ num: a.num * b.num, den: a.den * b.den });
}
export function div(a: Rational, b: Rational): Rational {
  return reduce({ num: a.num * b.den, den: a.den * b.num });
}
export function compare(a: Rational, b: Rational): number {
  return Math.sign(a.num * b.den - b.num * a.den) * Math.sign(a.den * b.den);
}
export function frac(num: number, den = 1): Rational {
  return { num, den };
}

/** "3/4", "2", or "1 1/2" when mixed is asked for. */
export function format(r: Rational, style: 'fraction' | 'mixed' = 'fraction'): string {
  const x = reduce(r);
  if (x.den === 1) return String(x.num);
  if (style === 'mixed' && Math.abs(x.num) > x.den) {
    const whole = Math.trunc(x.num / x.den);
    const rest = Math.abs(x.num % x.den);
    return `${whole} ${rest}/${x.den}`;
  }
  return `${x.num}/${x.den}`;
}

/** Unwritten-by-humans characters that mean the same thing as ASCII ones. */
export function normaliseMathText(input: string): string {
  return input
    .replace(/(\d)([\u00bc-\u00be\u2150-\u215e])/g, '$1 $2')
    .normalize('NFKC')
    .replace(/[\u2044\u2215\u00f7]/g, '/')
    .replace(/[\u2212\u2012\u2013\u2014]/g, '-')
    .replace(/[\u00a0\u2009\u202f]/g, ' ')
    .trim();
}

const MAX = Number.MAX_SAFE_INTEGER;
const INT = /^[+-]?\d{1,15}$/;

function int(text: string): number {
  return Number.parseInt(text, 10);
}

function parseDecimal(text: string): Rational | null {
  const m = /^([+-]?)(\d{0,15})[.,](\d{1,9})$/.exec(text);
  if (!m || (m[2] === '' && m[3] === '')) return null;
  const den = 10 ** (m[3] ?? '').length;
  const num = int((m[2] || '0') + (m[3] ?? '')) * (m[1] === '-' ? -1 : 1);
  return Math.abs(num) > MAX ? null : { num, den };
}

/** Parses a student's fraction-like answer. Never throws. */
export function parseRational(raw: string): ParseResult {
  const text = normaliseMathText(raw).replace(/\s+/g, ' ');
  if (text === '') return { ok: false, reason: 'The answer is empty.', message: msg('check.empty') };
  if (text.length > 40) return { ok: false, reason: 'That answer is too long to be a fraction.', message: msg('check.fractionTooLong') };
  let m: RegExpExecArray | null;
  if (INT.test(text)) {
    const v = { num: int(text), den: 1 };
    return { ok: true, parsed: { value: v, form: 'integer', written: v } };
  }
  if ((m = /^([+-]?\d{1,12}) ?\/ ?(\d{1,12})$/.exec(text))) {
    const written = { num: int(m[1] ?? ''), den: int(m[2] ?? '') };
    if (written.den === 0)
      return { ok: false, reason: 'A fraction cannot have 0 as its denominator.', message: msg('check.zeroDenominator') };
    return { ok: true, parsed: { value: reduce(written), form: 'fraction', written } };
  }
  if ((m = /^([+-]?)(\d{1,9}) (\d{1,9}) ?\/ ?(\d{1,9})$/.exec(text))) {
    const sign = m[1] === '-' ? -1 : 1;
    const whole = int(m[2] ?? '');
    const written = { num: int(m[3] ?? ''), den: int(m[4] ?? '') };
    if (written.den === 0)
      return { ok: false, reason: 'A fraction cannot have 0 as its denominator.', message: msg('check.zeroDenominator') };
    const value = reduce({ num: sign * (whole * written.den + written.num), den: written.den });
    return { ok: true, parsed: { value, form: 'mixed', written } };
  }
  if ((m = /^(\d{1,12}) ?: ?(\d{1,12})$/.exec(text))) {
    const written = { num: int(m[1] ?? ''), den: int(m[2] ?? '') };
    if (written.den === 0) return { ok: false, reason: 'The second part of a ratio cannot be 0.', message: msg('check.zeroRatio') };
    return { ok: true, parsed: { value: reduce(written), form: 'ratio', written } };
  }
  const dec = parseDecimal(text);
  if (dec) return { ok: true, parsed: { value: reduce(dec), form: 'decimal', written: dec } };
  return {
    ok: false,
    reason: 'Write your answer as a fraction like 3/4 or a mixed number like 1 1/2.',
    message: msg('check.writeFraction'),
  };
}

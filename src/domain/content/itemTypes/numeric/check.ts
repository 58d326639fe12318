/**
 * Numeric answers with tolerance and units. The unit is matched as a suffix from the item's unit
 * list (singular or with a plural "s"), converted with its multiplier, and a missing unit costs
 * `unitPenalty` only when the item says units are required. "1/2" is read as 0.5 and "3,5" as 3.5.
 */
import type { CheckResult } from '../../types.ts';
import type { NumericQuestion } from './index.ts';
import { parseRational, normaliseMathText } from '../../rational.ts';
import { asText, result, type Said } from '../checkUtil.ts';
import { msg, type Message } from '../../messages.ts';

type Numeric = NumericQuestion;
export type NumberRead = { ok: true; value: number; unit: string | null; multiplier: number } | { ok: false; message: Message };

function parsePlainNumber(text: string): number | null {
  const t = text.replace(/\s+/g, '');
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''));
  if (/^[+-]?(\d+([.,]\d*)?|[.,]\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t.replace(',', '.'));
  const r = parseRational(text);
  if (r.ok) return r.parsed.value.num / r.parsed.value.den;
  return null;
}

/** Reads "3.5 cm" against the item's units. */
export function readNumber(raw: string, units: { unit: string; multiplier?: number }[]): NumberRead {
  const text = normaliseMathText(raw);
  const candidates = units
    .flatMap((u) => [
      { ...u, match: u.unit },
      { ...u, match: `${u.unit}s` },
    ])
    .sort((a, b) => b.match.length - a.match.length);
  let body = text;
  let unit: { unit: string; multiplier?: number } | null = null;
  for (const c of candidates) {
    if (body.toLowerCase().endsWith(c.match.toLowerCase()) && body.length > c.match.length) {
      const rest = body.slice(0, body.length - c.match.length).trim();
      if (/[\d.]$/.test(rest) || rest.endsWith(' ') || /\d$/.test(rest)) {
        body = rest;
        unit = c;
        break;
      }
    }
  }
  if (!unit) {
    const m = /^([+-]?[\d.,/ ]*\d)\s*([^\d\s.,+\-/].*)$/.exec(body);
    if (m && !/^e[+-]?\d+$/i.test(m[2] ?? '')) {
      return { ok: false, message: units.length ? msg('check.unknownUnit', { unit: (m[2] ?? '').trim() }) : msg('check.justNumber') };
    }
  }
  if (body === '') return { ok: false, message: msg('check.typeNumber') };
  const value = parsePlainNumber(body);
  if (value === null || !Number.isFinite(value)) {
    if (/\/\s*0+$/.test(body)) return { ok: false, message: msg('check.divideByZero') };
    return { ok: false, message: msg('check.unreadableNumber') };
  }
  return { ok: true, value, unit: unit ? unit.unit : null, multiplier: unit?.multiplier ?? 1 };
}

/** Checks a numeric response; unit conversion first, then the closest matching answer wins. */
export function checkNumeric(q: Numeric, response: unknown, incorrectText: Said): CheckResult {
  const t = asText(response);
  if (!t.ok) return result(0, t.message);
  const read = readNumber(t.text, q.units ?? []);
  if (!read.ok) return result(0, read.message);
  const answers = q.answers ?? [{ value: q.answer ?? Number.NaN, tolerance: q.tolerance, score: 1 }];
  const base = read.value / read.multiplier;
  let best: { score: number; feedback?: string } | null = null;
  for (const a of answers) {
    const tol = Math.max(a.tolerance ?? 0, 1e-9 * Math.max(1, Math.abs(a.value)));
    if (Math.abs(base - a.value) <= tol && (best === null || (a.score ?? 1) > best.score))
      best = { score: a.score ?? 1, feedback: a.feedback };
  }
  if (!best || best.score <= 0) return result(0, best?.feedback || incorrectText);
  const unitMissing = read.unit === null && (q.units?.length ?? 0) > 0;
  if (unitMissing && q.unitRequired) {
    const main = q.units?.[0]?.unit ?? '';
    return result(best.score * (1 - (q.unitPenalty ?? 0.2)), msg('check.rememberUnit', { unit: main }));
  }
  return result(best.score, best.feedback ?? '');
}

/**
 * checkAnswer: one entry point for every question type. It is pure and total: whatever the
 * response (undefined, objects, huge strings, HTML, "1/0", NaN) it returns a result, never
 * throws. After scoring, a wrong or partial answer is compared with the item's known
 * misconceptions so the student gets feedback about the likely error, not just "wrong".
 */
import type { CheckResult, InstanceQuestion, ItemInstance } from '../types.ts';
import { equals } from '../rational.ts';
import { checkExpression, equivalent } from './expression.ts';
import { checkFraction, fractionValue } from './fraction.ts';
import { checkNumeric, readNumber } from './numeric.ts';
import { checkChoice, checkMatching, checkOrdering, checkTrueFalse, readBoolean, selectedChoices } from './structured.ts';
import { checkText, textMatches } from './text.ts';
import { asText, result } from './util.ts';

const DEFAULT_INCORRECT = 'Not quite. Try again, or ask for a hint.';
const DEFAULT_CORRECT = 'Correct!';

function score(q: InstanceQuestion, response: unknown, incorrect: string): CheckResult {
  switch (q.type) {
    case 'choice': return checkChoice(q, response, incorrect);
    case 'truefalse': return checkTrueFalse(q, response, incorrect);
    case 'numeric': return checkNumeric(q, response, incorrect);
    case 'fraction':
    case 'ratio': return checkFraction(q, response, incorrect);
    case 'expression': return checkExpression(q, response, incorrect);
    case 'text': return checkText(q, response, incorrect);
    case 'ordering': return checkOrdering(q, response, incorrect);
    case 'matching': return checkMatching(q, response, incorrect);
    default: return result(0, 'This question type cannot be checked.');
  }
}

/** Whether `response` is the same answer as a misconception's recorded response. */
function sameAnswer(q: InstanceQuestion, response: unknown, known: string | number | boolean): boolean {
  switch (q.type) {
    case 'fraction':
    case 'ratio': {
      const a = fractionValue(response);
      const b = fractionValue(known);
      return !!a && !!b && equals(a, b);
    }
    case 'numeric': {
      const t = asText(response);
      if (!t.ok) return false;
      const r = readNumber(t.text, q.units ?? []);
      const k = typeof known === 'number' ? known : Number(known);
      return r.ok && Math.abs(r.value / r.multiplier - k) <= Math.max(q.tolerance ?? 0, 1e-9);
    }
    case 'truefalse': return readBoolean(response) === readBoolean(typeof known === 'boolean' ? known : String(known));
    case 'expression': {
      const t = asText(response);
      return t.ok && equivalent(String(known), t.text, q.variables, q.domain) === true;
    }
    case 'choice': {
      const picked = selectedChoices(q, response);
      return !!picked && picked.some((c) => textMatches(String(known), c.text));
    }
    default: {
      const t = asText(response);
      return t.ok && textMatches(String(known), t.text);
    }
  }
}

function findMisconception(inst: ItemInstance, response: unknown): { id: string; feedback: string } | undefined {
  const q = inst.question;
  if (q.type === 'choice') {
    const picked = selectedChoices(q, response) ?? [];
    const tagged = picked.find((c) => c.misconception && c.score <= 0);
    if (tagged?.misconception) {
      const m = inst.misconceptions.find((x) => x.id === tagged.misconception);
      return { id: tagged.misconception, feedback: m?.feedback || tagged.feedback || '' };
    }
  }
  for (const m of inst.misconceptions) {
    if (m.responses.some((known) => sameAnswer(q, response, known))) return { id: m.id, feedback: m.feedback };
  }
  return undefined;
}

/** Scores a response to an instance; see the module comment for the guarantees. */
export function checkAnswer(instance: ItemInstance, response: unknown): CheckResult {
  try {
    const incorrect = instance.feedback.incorrect || DEFAULT_INCORRECT;
    const scored = score(instance.question, response, incorrect);
    if (scored.outcome === 'correct') {
      return { ...scored, feedback: [instance.feedback.correct || DEFAULT_CORRECT, scored.feedback].filter(Boolean).join(' ') };
    }
    const mis = findMisconception(instance, response);
    if (mis) return { ...scored, misconception: mis, feedback: mis.feedback || scored.feedback };
    return scored;
  } catch {
    return result(0, 'That answer could not be checked.');
  }
}

/**
 * checkAnswer: one entry point for every question type. It is pure and total: whatever the
 * response (undefined, objects, huge strings, HTML, "1/0", NaN) it returns a result, never
 * throws. After scoring, a wrong or partial answer is compared with the item's known
 * misconceptions so the student gets feedback about the likely error, not just "wrong". The
 * checker's own sentences come back as catalog keys (`message`), rendered in the student's language.
 */
import type { CheckResult, ItemInstance } from './types.ts';
import { checkByType, sameAnswerByType, taggedMisconception } from './itemTypes/index.ts';
import { result } from './itemTypes/checkUtil.ts';
import { msg } from './messages.ts';

function findMisconception(inst: ItemInstance, response: unknown): { id: string; feedback: string } | undefined {
  const q = inst.question;
  const tagged = taggedMisconception(q, response);
  if (tagged) {
    const m = inst.misconceptions.find((x) => x.id === tagged);
    const choiceFeedback = q.type === 'choice' ? q.choices.find((c) => c.misconception === tagged)?.feedback : undefined;
    return { id: tagged, feedback: m?.feedback || choiceFeedback || '' };
  }
  for (const m of inst.misconceptions) {
    if (m.responses.some((known) => sameAnswerByType(q, response, known))) return { id: m.id, feedback: m.feedback };
  }
  return undefined;
}

/** Scores a response to an instance; see the module comment for the guarantees. */
export function checkAnswer(instance: ItemInstance, response: unknown): CheckResult {
  try {
    const incorrect = instance.feedback.incorrect || msg('check.lookAgain');
    const scored = checkByType(instance.question, response, incorrect);
    if (scored.outcome === 'correct') {
      // The page says "right" itself: the text only adds what the item has to say (no "Correct! Correct!").
      return { ...scored, feedback: [instance.feedback.correct, scored.feedback].filter(Boolean).join(' ') };
    }
    const mis = findMisconception(instance, response);
    if (mis?.feedback) {
      const { message: _checker, ...rest } = scored;
      return { ...rest, misconception: mis, feedback: mis.feedback };
    }
    return mis ? { ...scored, misconception: mis } : scored;
  } catch {
    return result(0, msg('check.cannotCheck'));
  }
}

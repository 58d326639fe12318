/**
 * Knows the answer to the question a student has on screen (tests only): reads the student's
 * progress document and re-creates the item instance, then builds a response its checker accepts
 * (verified with checkAnswer, so a wrong guess here fails loudly instead of passing silently).
 */
import { Types } from 'mongoose';
import { checkAnswer, instantiateItem, loadBundledPack } from '../../src/content/index.ts';
import type { ItemInstance } from '../../src/content/index.ts';
import { Progress } from '../../src/models/Progress.ts';

function candidates(inst: ItemInstance): string[] {
  const q = inst.question as Record<string, unknown> & { type: string };
  switch (q.type) {
    case 'choice': {
      const choices = q.choices as { id: string; score: number }[];
      return choices.filter((c) => c.score > 0).map((c) => c.id);
    }
    case 'truefalse':
      return [String(q.answer)];
    case 'numeric': {
      const answers = (q.answers as { value?: number }[] | undefined) ?? [];
      return [q.answer, ...answers.map((a) => a.value)].filter((v) => typeof v === 'number').map(String);
    }
    case 'fraction':
    case 'ratio':
    case 'expression':
      return [String(q.answer)];
    case 'text':
      return (q.answers as (string | { text: string })[]).map((a) => (typeof a === 'string' ? a : a.text));
    default:
      return [];
  }
}

export async function currentInstance(activityId: string, personId: string): Promise<ItemInstance> {
  const p = await Progress.findOne({ activityId: new Types.ObjectId(activityId), personId: new Types.ObjectId(personId) }).lean();
  if (!p?.current) throw new Error('no current question');
  return instantiateItem(loadBundledPack(), p.current.itemId, p.current.seed);
}

export function correctResponse(inst: ItemInstance): string {
  for (const c of candidates(inst)) if (checkAnswer(inst, c).outcome === 'correct') return c;
  throw new Error(`no correct response found for ${inst.itemId} (${inst.question.type})`);
}

export function wrongResponse(inst: ItemInstance): string {
  for (const c of ['zzz-not-an-answer', '99999', 'false', 'true']) if (checkAnswer(inst, c).outcome === 'incorrect') return c;
  throw new Error(`no wrong response found for ${inst.itemId}`);
}

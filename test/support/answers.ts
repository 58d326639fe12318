/**
 * Knows the answer to the question a student has on screen (tests only): reads the student's
 * progress document and re-creates the item instance, then builds a response its checker accepts
 * (verified with checkAnswer, so a wrong guess here fails loudly instead of passing silently).
 */
import { Types } from 'mongoose';
import { checkAnswer, correctResponse as typeCorrectResponse, instantiateItem } from '../../src/domain/content/index.ts';
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import type { ItemInstance } from '../../src/domain/content/index.ts';
import { Progress } from '../../src/repositories/models/Progress.ts';

/** A response as form fields: `response` (repeated for ordering), or one `match:<id>` per prompt. */
export type FormResponse = Record<string, string | string[]>;

function asForm(v: unknown): FormResponse {
  if (Array.isArray(v)) return { response: v as string[] };
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [`match:${k}`, String(x)]));
  return { response: String(v) };
}

export async function currentInstance(activityId: string, personId: string): Promise<ItemInstance> {
  const p = await Progress.findOne({ activityId: new Types.ObjectId(activityId), personId: new Types.ObjectId(personId) }).lean();
  if (!p?.current?.itemId || p.current.seed == null) throw new Error(`no current question (step: ${p?.current?.kind})`);
  return instantiateItem(loadBundledPack(), p.current.itemId, p.current.seed);
}

/** A response its checker accepts, as form fields. */
export function correctForm(inst: ItemInstance): FormResponse {
  const c = typeCorrectResponse(inst.question);
  if (checkAnswer(inst, c).outcome === 'correct') return asForm(c);
  throw new Error(`no correct response found for ${inst.itemId} (${inst.question.type})`);
}

/** A response its checker rejects, as form fields. */
export function wrongForm(inst: ItemInstance): FormResponse {
  for (const c of ['zzz-not-an-answer', '99999', 'false', 'true']) if (checkAnswer(inst, c).outcome === 'incorrect') return { response: c };
  throw new Error(`no wrong response found for ${inst.itemId}`);
}

/**
 * Seeds a student's progress without driving answers through HTTP: the answers go through the
 * pure policy (`applyAnswer`, the same code an answer runs through) and the resulting state is
 * written to the student's progress document through the repository (so the class overview's
 * summary follows, as after a real answer). Tests that need a history (a struggling class, a
 * mastered skill) use this; tests of the answer path itself go through HTTP.
 */
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import { applyAnswer, paramsFromPack, type StudentState } from '../../src/domain/policy/index.ts';
import { progressKey } from '../../src/repositories/models/Progress.ts';
import { findProgress, mutateProgress } from '../../src/repositories/progressRepository.ts';

export interface SeedAnswers {
  activityId: string;
  personId: string;
  skillId: string;
  /** One entry per first attempt, oldest first. */
  correct: boolean[];
  /** When the first answer was given; later ones follow a minute apart. */
  from?: Date;
}

/** Applies the answers to the student's existing progress (the student must have launched once). */
export async function seedAnswers(o: SeedAnswers): Promise<StudentState> {
  const pack = loadBundledPack();
  const params = paramsFromPack(pack);
  // The skill's own items in turn (mastery needs right answers on several different items).
  const own = pack.items.filter((i) => i.skills.length === 1 && i.skills[0] === o.skillId);
  const items = own.length > 0 ? own : pack.items.filter((i) => i.skills.includes(o.skillId));
  if (items.length === 0) throw new Error(`the bundled pack has no item for ${o.skillId}`);
  const _id = progressKey(o.activityId, o.personId);
  const doc = await findProgress(_id);
  if (!doc) throw new Error('launch the student before seeding answers');
  const start = (o.from ?? new Date(Date.now() - o.correct.length * 60_000)).getTime();
  let state = doc.state as StudentState;
  o.correct.forEach((correct, i) => {
    const at = new Date(start + i * 60_000).toISOString();
    const item = items[i % items.length]!;
    state = applyAnswer(pack, params, state, {
      itemId: item.id,
      seed: i + 1,
      skillIds: item.skills,
      itemClass: item.class,
      correct,
      hintsUsed: 0,
      durationMs: 20_000,
      at,
    });
  });
  await mutateProgress(doc, () => ({ set: { state }, result: undefined }));
  return state;
}

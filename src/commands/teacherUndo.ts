/**
 * Undoing a teacher's change. A focus skill or a note goes back as it was. A skill marked mastered
 * or started over goes back to its state before the change, and the student's answers on it since
 * are applied again (replaySkill): the undo takes back the teacher's decision, never the student's
 * work. Each student's undo is one atomic update of their progress document; the grade follows
 * through the outbox as for any change.
 */
import { Types } from 'mongoose';
import { AppError } from '../errors.ts';
import type { ActivityDoc } from '../repositories/models/Activity.ts';
import { progressKey, type AnswerEffect } from '../repositories/models/Progress.ts';
import { findProgress } from '../repositories/progressRepository.ts';
import { answersOnSkillSince } from '../repositories/answerLogRepository.ts';
import { TeacherChange, type TeacherChangeKind } from '../repositories/models/TeacherChange.ts';
import { replaySkill, restoreSkill, type AnswerEvent, type SkillState } from '../domain/policy/index.ts';
import type { ActivityContext } from '../repositories/activityContext.ts';
import { advance, mutateProgress } from './progressStore.ts';
import { applyEffect } from './answerEffects.ts';
import { gradeFields } from './teacherActions.ts';

/** Reading the answer log again when an answer arrived while the undo was being prepared. */
const MAX_READS = 3;

type Logged = NonNullable<AnswerEffect['log']> & { attemptId: string };

const asEvent = (l: Logged): AnswerEvent => ({
  itemId: l.itemId,
  seed: l.seed,
  skillIds: l.skillIds,
  itemClass: l.itemClass,
  correct: l.correct,
  hintsUsed: l.hintsUsed,
  durationMs: l.durationMs,
  at: new Date(l.at).toISOString(),
  attempt: l.attempt,
});

/** Reverts a change for each of its students (the grade follows). */
export async function undoTeacherChange(p: {
  courseId: string;
  changeId: string;
  activity: (id: string) => Promise<{ activity: ActivityDoc; ctx: ActivityContext } | null>;
}): Promise<{ kind: TeacherChangeKind; students: number; replayed: number }> {
  const gone = () =>
    new AppError('no_change', 'That change cannot be undone any more.', {
      status: 404,
      hint: 'It was already undone, or it is too old. Make the opposite change from the student’s page.',
    });
  // Claimed once (guarded on undoneAt): an undo clicked twice restores once.
  const change = await TeacherChange.findOneAndUpdate(
    { _id: p.changeId, courseId: new Types.ObjectId(p.courseId), undoneAt: null, expiresAt: { $gt: new Date() } },
    { $set: { undoneAt: new Date() } },
    { new: true },
  ).lean();
  if (!change) throw gone();
  const loaded = await p.activity(String(change.activityId));
  if (!loaded) throw gone();
  const { activity, ctx } = loaded;
  const activityId = String(activity._id);
  const since = new Date(change.at);
  const skillId = change.skillId ?? '';
  const replays = change.kind === 'mastered' || change.kind === 'reset';
  let replayed = 0;
  for (const s of change.students) {
    const personId = String(s.personId);
    const key = `u-${p.changeId}-${personId}`;
    for (let read = 1; read <= MAX_READS; read++) {
      const doc = await findProgress(progressKey(activityId, personId));
      if (!doc) break;
      const logged = replays ? await answersOnSkillSince({ courseId: p.courseId, activityId, personId, skillId, since }) : [];
      type Out = { stale: true } | { stale: false; effect?: AnswerEffect; replayed: number };
      const out = await mutateProgress<Out>(doc, (cur) => {
        if (change.kind === 'note' || change.kind === 'clear-note') {
          return { set: { teacherNote: s.note ?? null }, result: { stale: false, replayed: 0 } };
        }
        if (change.kind === 'focus') {
          // Undoing a focus gives back the focus only: what the student learned since stays.
          const restored = restoreSkill(
            cur.state,
            skillId,
            cur.state.skills[skillId] ?? null,
            s.chosenSkill ?? null,
            s.focusByTeacher === true,
          );
          const next = advance(ctx, restored, new Date());
          return { set: { state: next.state, current: next.current }, result: { stale: false, replayed: 0 } };
        }
        // The answers since the change: those logged, and those whose log entry is still pending here.
        const all = new Map(logged.map((l) => [l.attemptId, l]));
        for (const [attemptId, e] of Object.entries(cur.pending ?? {})) {
          if (e.log && new Date(e.log.at) > since && e.log.skillIds.includes(skillId)) all.set(attemptId, { ...e.log, attemptId });
        }
        const events = [...all.values()].map(asEvent);
        const lastAt = cur.state.skills[skillId]?.lastAt;
        const missing = lastAt !== undefined && Date.parse(lastAt) > since.getTime() && !events.some((e) => e.at === lastAt);
        if (missing && read < MAX_READS) return { done: { stale: true } };
        const skill = replaySkill(ctx.pack, ctx.params, cur.state, skillId, (s.skill as SkillState | null) ?? null, events, ctx.config);
        // A focus the student or teacher chose since stays; otherwise the one before comes back.
        const chosen = cur.state.chosenSkill ?? s.chosenSkill ?? null;
        const byTeacher = cur.state.chosenSkill ? cur.state.focusByTeacher === true : s.focusByTeacher === true;
        const keep = chosen === skillId && skill?.mastered ? null : chosen;
        const next = advance(ctx, restoreSkill(cur.state, skillId, skill, keep, byTeacher), new Date());
        const g = gradeFields(ctx, activity, cur, next.state, key);
        return {
          set: { state: next.state, current: next.current, ...g.set },
          result: { stale: false, replayed: events.length, ...(g.effect ? { effect: g.effect } : {}) },
        };
      });
      if (out.result.stale) continue;
      replayed += out.result.replayed;
      if (out.result.effect) await applyEffect(out.progress, key, out.result.effect);
      break;
    }
  }
  return { kind: change.kind as TeacherChangeKind, students: change.students.length, replayed };
}

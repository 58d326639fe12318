/**
 * What a teacher can change in students' practice: give a focus skill (the next item comes from
 * it), mark a skill mastered or start it over (the grade follows), leave a note the student sees.
 * Each student's change is ONE atomic update of their progress document (mutateProgress), which
 * also carries the grade to send as a pending effect, applied the way an answer's is (outbox,
 * reconciler). Every change is recorded with what each student had before, so it can be undone
 * (teacherUndo.ts). A note can be left or removed.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { AppError } from '../errors.ts';
import type { ActivityDoc } from '../repositories/models/Activity.ts';
import type { AnswerEffect, ProgressDoc } from '../repositories/models/Progress.ts';
import { TeacherChange, type TeacherChangeKind } from '../repositories/models/TeacherChange.ts';
import { Enrollment } from '../repositories/models/Enrollment.ts';
import {
  teacherFocus,
  teacherMarkMastered,
  teacherResetSkill,
  type ChangeReason,
  type SkillState,
  type StudentState,
} from '../domain/policy/index.ts';
import type { ActivityContext } from '../repositories/activityContext.ts';
import { currentLineItem, gradesCanFlow, unresolvedLineItem } from '../lti/index.ts';
import { gradeScore, nextGrade } from './grading.ts';
import { advance, loadProgress, mutateProgress } from './progressStore.ts';
import { applyEffect } from './answerEffects.ts';
import { progressComment } from './answerSubmitter.ts';

/** How long a change can be undone. */
const UNDO_DAYS = 7;

export interface TeacherChangeRequest {
  courseId: string;
  activity: ActivityDoc;
  ctx: ActivityContext;
  personIds: string[];
  kind: TeacherChangeKind;
  skillId?: string;
  /** A choice from CHANGE_REASONS (this is what the audit trail keeps). */
  reason?: ChangeReason;
  /** The teacher's own words about it: kept on the change record only, never audited. */
  reasonNote?: string;
  note?: string;
}

export interface TeacherChangeResult {
  changeId: string;
  changed: number;
  /** Students whose change was refused, with the reason in words (e.g. already mastered). */
  refused: string[];
  graded: number;
}

const refusal = (reason: string) => new AppError('not_applicable', reason, { status: 400, hint: 'Choose another skill or student.' });

/** Only students enrolled in this course as learners can be changed (the tenant check for people). */
async function learnersOf(courseId: string, personIds: string[]): Promise<string[]> {
  const found = await Enrollment.find(
    { courseId: new Types.ObjectId(courseId), role: 'learner', personId: { $in: personIds.map((p) => new Types.ObjectId(p)) } },
    { personId: 1 },
  ).lean();
  const known = new Set(found.map((e) => String(e.personId)));
  return personIds.filter((p) => known.has(p));
}

function lineItemOf(activity: ActivityDoc): string | undefined {
  if (!gradesCanFlow(activity)) return undefined;
  return currentLineItem(activity) ?? unresolvedLineItem(String(activity._id));
}

/**
 * The fields that send the new score through the outbox when it changed: the grade clock moves in
 * the same write, and the effect waits in `pending` until applied.
 */
export function gradeFields(
  ctx: ActivityContext,
  activity: ActivityDoc,
  p: ProgressDoc,
  state: StudentState,
  key: string,
): { set: Record<string, unknown>; effect?: AnswerEffect } {
  const score = gradeScore(ctx, state);
  const set: Record<string, unknown> = { score };
  const lineItemUrl = lineItemOf(activity);
  if (!lineItemUrl || score === (p.score ?? 0)) return { set };
  const { grade, clock } = nextGrade(p, { lineItemUrl, score, progress: 'InProgress', comment: progressComment(ctx, { state }) });
  const effect: AnswerEffect = {
    ids: { courseId: String(activity.courseId), activityId: String(activity._id), personId: String(p.personId), order: p.answered ?? 0 },
    grade,
  };
  Object.assign(set, clock, { [`pending.${key}`]: effect });
  return { set, effect };
}

/** Applies a teacher's change to each student and records it for undo. */
export async function applyTeacherChange(r: TeacherChangeRequest): Promise<TeacherChangeResult> {
  const { ctx, activity } = r;
  if (r.skillId !== undefined && !ctx.activitySkills.includes(r.skillId)) {
    throw new AppError('unknown_skill', 'That skill is not part of this activity.', {
      status: 400,
      hint: 'Go back to the class overview and choose one of the activity’s skills.',
    });
  }
  const people = await learnersOf(r.courseId, r.personIds);
  if (people.length === 0) {
    throw new AppError('unknown_student', 'None of those students has opened Pathwise in this course.', {
      status: 400,
      hint: 'A student can be changed after their first visit to the activity.',
    });
  }
  const changeId = randomUUID();
  const activityId = String(activity._id);
  const before: Array<{
    personId: Types.ObjectId;
    skill: SkillState | null;
    chosenSkill: string | null;
    focusByTeacher: boolean;
    note: unknown;
  }> = [];
  const refused: string[] = [];
  let graded = 0;
  for (const personId of people) {
    const start = await loadProgress({ courseId: r.courseId, activityId, personId }, ctx);
    const key = `t-${changeId}-${personId}`;
    const out = await mutateProgress<{ ok: true; effect?: AnswerEffect; before: (typeof before)[number] } | { ok: false; reason: string }>(
      start,
      (p) => {
        const snapshot = {
          personId: new Types.ObjectId(personId),
          skill: r.skillId ? (p.state.skills[r.skillId] ?? null) : null,
          chosenSkill: p.state.chosenSkill ?? null,
          focusByTeacher: p.state.focusByTeacher === true,
          note: p.teacherNote ?? null,
        };
        if (r.kind === 'note') {
          return { set: { teacherNote: { text: r.note ?? '', at: new Date() } }, result: { ok: true, before: snapshot } };
        }
        if (r.kind === 'clear-note') {
          if (!p.teacherNote?.text) return { done: { ok: false, reason: 'There is no note to remove.' } };
          return { set: { teacherNote: null }, result: { ok: true, before: snapshot } };
        }
        const skillId = r.skillId as string;
        const c =
          r.kind === 'focus'
            ? teacherFocus(ctx.pack, p.state, skillId, ctx.activitySkills)
            : r.kind === 'mastered'
              ? teacherMarkMastered(ctx.pack, p.state, skillId, new Date().toISOString(), ctx.config)
              : teacherResetSkill(ctx.pack, p.state, skillId, ctx.params);
        if (!c.ok) return { done: { ok: false, reason: c.reason } };
        // The next step is chosen again from the new state, so the student's next item follows it.
        const next = advance(ctx, c.state, new Date());
        const g = r.kind === 'focus' ? { set: {} as Record<string, unknown> } : gradeFields(ctx, activity, p, next.state, key);
        return {
          set: { state: next.state, current: next.current, ...g.set },
          result: { ok: true, before: snapshot, ...(g.effect ? { effect: g.effect } : {}) },
        };
      },
    );
    if (!out.result.ok) {
      refused.push(out.result.reason);
      continue;
    }
    before.push(out.result.before);
    if (out.result.effect && (await applyEffect(out.progress, key, out.result.effect))) graded++;
  }
  if (before.length === 0) throw refusal(refused[0] ?? 'Nothing to change.');
  const now = new Date();
  await TeacherChange.create({
    _id: changeId,
    courseId: new Types.ObjectId(r.courseId),
    activityId: activity._id,
    personId: before.map((b) => b.personId),
    kind: r.kind,
    ...(r.skillId ? { skillId: r.skillId } : {}),
    reason: r.reason ?? '',
    reasonNote: r.reasonNote ?? '',
    students: before,
    at: now,
    expiresAt: new Date(now.getTime() + UNDO_DAYS * 86_400_000),
  });
  return { changeId, changed: before.length, refused, graded };
}

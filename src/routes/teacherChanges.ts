/**
 * The changes a teacher makes (focus skill, mastered, start over, note left or removed) and their
 * undo, and the confirmation shown after each (post-redirect-get). The reason for marking mastered
 * or starting over is a choice from a fixed list: that choice is audited; the teacher's optional
 * words about it are kept on the change record only (the undo window), never in the audit trail.
 */
import express from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { TeacherChange } from '../repositories/models/TeacherChange.ts';
import { applyTeacherChange } from '../commands/teacherActions.ts';
import { undoTeacherChange } from '../commands/teacherUndo.ts';
import { CHANGE_REASON_IDS, CHANGE_REASONS } from '../domain/policy/index.ts';
import { classOf } from '../presenters/teacherView.ts';
import { idParam } from './practice.ts';
import { activityIn, invalid, objectId, skillId, teacherCheck, type TeacherDeps, asyncRoute } from './teacherShared.ts';

/** One teacher change; the form names the students (one, or a group). */
const change = z
  .object({
    s: z.string().min(1).max(2048),
    kind: z.enum(['focus', 'mastered', 'reset', 'note', 'clear-note'], {
      message: 'choose one of: focus skill, mark mastered, start over, leave or remove a note',
    }),
    personIds: z.union([objectId, z.array(objectId).min(1).max(200)]).transform((v) => (Array.isArray(v) ? v : [v])),
    skillId: skillId.optional(),
    reason: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.enum(CHANGE_REASON_IDS, { message: 'choose a reason from the list' }).optional(),
    ),
    reasonNote: z.string().trim().max(200, 'the words about the reason must be at most 200 characters').optional(),
    note: z.string().trim().max(280, 'the note must be at most 280 characters').optional(),
    back: z.enum(['overview', 'student']).default('overview'),
  })
  .superRefine((v, c) => {
    if ((v.kind === 'focus' || v.kind === 'mastered' || v.kind === 'reset') && !v.skillId)
      c.addIssue({ code: 'custom', message: 'choose a skill' });
    if ((v.kind === 'mastered' || v.kind === 'reset') && !v.reason) {
      c.addIssue({ code: 'custom', message: 'choose a reason for marking mastered or starting over' });
    }
    if (v.kind === 'note' && !v.note) c.addIssue({ code: 'custom', message: 'write the note (up to 280 characters)' });
  });
const undo = z.object({ s: z.string().min(1).max(2048), back: z.string().max(200).default('') });

const KIND_WORDS = {
  focus: 'Focus skill set',
  mastered: 'Marked mastered',
  reset: 'Started over',
  note: 'Note left',
  'clear-note': 'Note removed',
} as const;
const REASON_WORDS = new Map<string, string>(CHANGE_REASONS.map((r) => [r.id, r.words]));

/** "Marked “Comparing fractions” mastered for Ana and Ben" and its Undo, after a change. */
export async function noticeFor(
  courseId: string,
  q: { done?: string | undefined; undone?: string | undefined; saved?: string | undefined },
  back: string,
) {
  if (q.saved) return { text: 'Settings saved. Grades follow them from each student’s next answer.', back };
  const id = q.done ?? q.undone;
  if (!id) return undefined;
  const c = await TeacherChange.findOne({ _id: id, courseId: new Types.ObjectId(courseId) }).lean();
  if (!c) return undefined;
  const { students } = await classOf(courseId);
  const names = new Map(students.filter((x) => x.personId).map((x) => [x.personId, x.name]));
  const who = c.students.map((x) => names.get(String(x.personId)) ?? 'a student').join(', ');
  const { ctx } = await activityIn(courseId, String(c.activityId)).catch(() => ({ ctx: undefined }));
  const skill = c.skillId ? (ctx?.pack.skills.find((x) => x.id === c.skillId)?.title ?? c.skillId) : '';
  const what = `${KIND_WORDS[c.kind as keyof typeof KIND_WORDS]}${skill ? ` (“${skill}”)` : ''} for ${who}`;
  if (q.undone) {
    const kept = c.kind === 'mastered' || c.kind === 'reset' ? ' Answers given since are kept.' : '';
    return { text: `Undone: ${what}. It is back as it was.${kept}`, back };
  }
  const reason = c.reason ? ` Reason: ${REASON_WORDS.get(c.reason) ?? c.reason}${c.reasonNote ? ` (${c.reasonNote})` : ''}.` : '';
  return { text: `${what}.${reason}`, undoId: c.undoneAt ? undefined : c._id, back };
}

export function teacherChangesRouter(deps: TeacherDeps) {
  const router = express.Router();
  const teacherOf = teacherCheck(deps.sessions);

  router.post(
    '/courses/:courseId/activities/:activityId/changes',
    asyncRoute(async (req, res) => {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      const body = change.safeParse(req.body);
      if (!body.success) throw invalid(body.error.issues, 'Go back, correct the form and send it again.');
      const { activity, ctx } = await activityIn(courseId, idParam(req.params.activityId));
      const b = body.data;
      const r = await applyTeacherChange({
        courseId,
        activity,
        ctx,
        personIds: b.personIds,
        kind: b.kind,
        ...(b.skillId && b.kind !== 'note' && b.kind !== 'clear-note' ? { skillId: b.skillId } : {}),
        ...(b.reason ? { reason: b.reason } : {}),
        ...(b.reason && b.reasonNote ? { reasonNote: b.reasonNote } : {}),
        ...(b.note ? { note: b.note } : {}),
      });
      if (r.graded > 0) deps.onGradesRetried?.();
      // The audit trail keeps the reason's code only: free words could name a child, and the trail is kept for years.
      await deps.audit.record({
        actor: { kind: 'teacher', personId: session.personId },
        action: 'override',
        courseId,
        ...(b.personIds.length === 1 ? { subjectId: b.personIds[0] } : {}),
        detail: {
          change: b.kind,
          activityId: String(activity._id),
          students: r.changed,
          ...(b.skillId && b.kind !== 'note' && b.kind !== 'clear-note' ? { skillId: b.skillId } : {}),
          ...(b.reason ? { reason: b.reason } : {}),
          changeId: r.changeId,
        },
      });
      const t = encodeURIComponent(b.s);
      const aid = String(activity._id);
      const to =
        b.back === 'student' && b.personIds.length === 1
          ? `/app/courses/${courseId}/activities/${aid}/students/${b.personIds[0]}?s=${t}&done=${r.changeId}`
          : `/app/courses/${courseId}/teacher?s=${t}&a=${aid}&done=${r.changeId}`;
      res.redirect(303, to);
    }),
  );

  router.post(
    '/courses/:courseId/changes/:changeId/undo',
    asyncRoute(async (req, res) => {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      const body = undo.safeParse(req.body);
      const id = z.string().uuid().safeParse(req.params.changeId);
      if (!body.success || !id.success) throw new ValidationError('The undo form was not complete: reload the page and try again.');
      const r = await undoTeacherChange({
        courseId,
        changeId: id.data,
        activity: (aid) => activityIn(courseId, aid).catch(() => null),
      });
      deps.onGradesRetried?.();
      await deps.audit.record({
        actor: { kind: 'teacher', personId: session.personId },
        action: 'override',
        courseId,
        detail: { change: `undo-${r.kind}`, students: r.students, answersKept: r.replayed, changeId: id.data },
      });
      const t = encodeURIComponent(body.data.s);
      // Back where the teacher was: the overview or the student's page (ids checked, never a free URL).
      const m = /^(overview|student):?([a-f0-9]{24})?:?([a-f0-9]{24})?$/.exec(body.data.back);
      const to =
        m?.[1] === 'student' && m[2] && m[3]
          ? `/app/courses/${courseId}/activities/${m[2]}/students/${m[3]}?s=${t}&undone=${id.data}`
          : `/app/courses/${courseId}/teacher?s=${t}${m?.[2] ? `&a=${m[2]}` : ''}&undone=${id.data}`;
      res.redirect(303, to);
    }),
  );

  return router;
}

/**
 * Teacher pages (the cockpit): the class overview, one student, a small-group card, the changes a
 * teacher makes (focus skill, mastered, start over, note) and their undo, CSV downloads, and each
 * activity's grading settings. Thin: parse with zod, check the teacher's course, call one command.
 */
import express from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { Activity, type ActivityDoc } from '../repositories/models/Activity.ts';
import { TeacherChange } from '../repositories/models/TeacherChange.ts';
import { clearActivityCache } from '../commands/answerSubmitter.ts';
import { applyTeacherChange, undoTeacherChange } from '../commands/teacherActions.ts';
import { can } from '../authorization.ts';
import { classOf, teacherView } from '../presenters/teacherView.ts';
import { answersOf, teacherStudentView } from '../presenters/teacherStudentView.ts';
import { groupCard } from '../presenters/teacherGroupCard.ts';
import { toCsv } from '../presenters/csv.ts';
import { activityContext } from '../repositories/activityContext.ts';
import type { SessionSigner } from '../session.ts';
import type { RosterRefresher } from '../commands/rosterRefresher.ts';
import type { AuditLog } from '../repositories/audit.ts';
import { idParam, sessionFrom } from './practice.ts';
import { retryRejectedInCourse } from '../repositories/gradeEventRepository.ts';
import { render } from '../presenters/views.ts';

/** Settings in teachers' words: the threshold comes as a percentage ("Pathwise is 95% sure"), or as 0.5..0.99. */
const settings = z
  .object({
    s: z.string().min(1).max(2048),
    gradingMode: z.enum(['mastery', 'completion'], { message: 'choose how the grade is counted' }),
    masteryPercent: z.coerce
      .number()
      .int('the percentage must be a whole number')
      .min(50, 'the percentage must be between 50 and 99')
      .max(99, 'the percentage must be between 50 and 99')
      .optional(),
    masteryThreshold: z.coerce
      .number()
      .min(0.5, 'the threshold must be between 0.5 and 0.99')
      .max(0.99, 'the threshold must be between 0.5 and 0.99')
      .optional(),
  })
  .transform((v, c) => {
    const threshold = v.masteryPercent !== undefined ? v.masteryPercent / 100 : v.masteryThreshold;
    if (threshold === undefined) {
      c.addIssue({ code: 'custom', message: 'say how sure Pathwise must be (50 to 99%)' });
      return z.NEVER;
    }
    return { s: v.s, gradingMode: v.gradingMode, masteryThreshold: threshold };
  });

const tokenOnly = z.object({ s: z.string().min(1).max(2048) });
const objectId = z.string().regex(/^[a-f0-9]{24}$/i, 'a student or activity id is malformed');
const skillId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/i, 'that skill id is malformed');
/** One teacher change; the form names the students (one, or a group). */
const change = z
  .object({
    s: z.string().min(1).max(2048),
    kind: z.enum(['focus', 'mastered', 'reset', 'note'], { message: 'choose one of: focus skill, mark mastered, start over, note' }),
    personIds: z.union([objectId, z.array(objectId).min(1).max(200)]).transform((v) => (Array.isArray(v) ? v : [v])),
    skillId: skillId.optional(),
    reason: z.string().trim().max(200, 'the reason must be at most 200 characters').optional(),
    note: z.string().trim().max(280, 'the note must be at most 280 characters').optional(),
    back: z.enum(['overview', 'student']).default('overview'),
  })
  .superRefine((v, c) => {
    if (v.kind !== 'note' && !v.skillId) c.addIssue({ code: 'custom', message: 'choose a skill' });
    if (v.kind === 'note' && !v.note) c.addIssue({ code: 'custom', message: 'write the note (up to 280 characters)' });
  });
const undo = z.object({ s: z.string().min(1).max(2048), back: z.string().max(200).default('') });
const overviewQuery = z.object({
  a: objectId.optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  done: z.string().uuid().optional(),
  undone: z.string().uuid().optional(),
  saved: z.literal('1').optional(),
});
const KIND_WORDS = { focus: 'Focus skill set', mastered: 'Marked mastered', reset: 'Started over', note: 'Note left' } as const;

function invalid(issues: z.ZodIssue[], hint: string): AppError {
  return new AppError('invalid_input', `The form was not accepted: ${issues.map((i) => i.message).join('; ')}.`, { status: 400, hint });
}
/** How long opening the teacher page waits for the LMS roster before showing what is known. */
const ROSTER_WAIT_MS = 4000;

export function teacherRouter(deps: { sessions: SessionSigner; roster?: RosterRefresher; audit: AuditLog; onGradesRetried?(): void }) {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '8kb' }));
  // The overview of a large course is hundreds of KB of repetitive HTML: compressed about tenfold.

  const teacherOf = async (req: express.Request, courseId: string) => {
    const session = await sessionFrom(deps.sessions, req);
    if (!can(session, 'teach', { courseId })) {
      throw new ForbiddenError(
        'This page is for the course’s teachers.',
        'If you teach this course, open Pathwise from the course as a teacher.',
      );
    }
    return session;
  };

  /** The activity of this course (tenant) with its policy context, or a 404 page. */
  const activityIn = async (
    courseId: string,
    activityId: string,
  ): Promise<{ activity: ActivityDoc; ctx: Awaited<ReturnType<typeof activityContext>> }> => {
    const activity = await Activity.findOne({ _id: activityId, courseId }).lean<ActivityDoc>();
    if (!activity) throw new NotFoundError('This activity');
    return { activity, ctx: await activityContext(activity) };
  };

  /** "Marked “Comparing fractions” mastered for Ana and Ben" and its Undo, after a change (post-redirect-get). */
  const noticeFor = async (
    courseId: string,
    q: { done?: string | undefined; undone?: string | undefined; saved?: string | undefined },
    back: string,
  ) => {
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
    if (q.undone) return { text: `Undone: ${what}. It is back as it was.`, back };
    return { text: `${what}.${c.reason ? ` Reason: ${c.reason}` : ''}`, undoId: c.undoneAt ? undefined : c._id, back };
  };

  router.get('/courses/:courseId/teacher', async (req, res, next) => {
    try {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      const q = overviewQuery.safeParse(req.query);
      if (!q.success) throw invalid(q.error.issues, 'Open the class overview again from the course.');
      if (deps.roster) await Promise.race([deps.roster.refresh(courseId), new Promise((r) => setTimeout(r, ROSTER_WAIT_MS).unref())]);
      const view = await teacherView(courseId, { activityId: q.data.a ?? session.activityId, page: q.data.page ?? 1 });
      await deps.audit.record({ actor: { kind: 'teacher', personId: session.personId }, action: 'view-course', courseId });
      const notice = await noticeFor(courseId, q.data, view.activity ? `overview:${view.activity.id}` : 'overview');
      render(res, 'teacher', { token: deps.sessions.renewed(session, String(req.query.s)), courseId, notice, ...view });
    } catch (err) {
      next(err);
    }
  });

  /** The overview's table rows alone, for the live refresh (src/client/teacher.ts). */
  router.get('/courses/:courseId/teacher/rows', async (req, res, next) => {
    try {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      const q = overviewQuery.safeParse(req.query);
      if (!q.success) throw invalid(q.error.issues, 'Reload the page.');
      const view = await teacherView(courseId, { activityId: q.data.a ?? session.activityId, page: q.data.page ?? 1 });
      res.setHeader('Cache-Control', 'no-store');
      if (!view.activity) return res.status(204).end();
      render(res, 'teacher/rows', { token: String(req.query.s), courseId, a: view.activity });
    } catch (err) {
      next(err);
    }
  });

  router.get('/courses/:courseId/activities/:activityId/students/:personId', async (req, res, next) => {
    try {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      const { activity, ctx } = await activityIn(courseId, idParam(req.params.activityId));
      const personId = idParam(req.params.personId);
      const q = overviewQuery.safeParse(req.query);
      if (!q.success) throw invalid(q.error.issues, 'Go back to the class overview.');
      const member = (await classOf(courseId)).students.find((x) => x.personId === personId);
      if (!member) throw new NotFoundError('This student');
      const view = await teacherStudentView({ courseId, activity, ctx, personId, name: member.name });
      await deps.audit.record({
        actor: { kind: 'teacher', personId: session.personId },
        action: 'view-student',
        courseId,
        subjectId: personId,
      });
      const notice = await noticeFor(courseId, q.data, `student:${String(activity._id)}:${personId}`);
      render(res, 'teacher/student', { token: deps.sessions.renewed(session, String(req.query.s)), courseId, notice, ...view });
    } catch (err) {
      next(err);
    }
  });

  router.get('/courses/:courseId/activities/:activityId/groups/:skillId', async (req, res, next) => {
    try {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      const sk = skillId.safeParse(req.params.skillId);
      const { activity, ctx } = await activityIn(courseId, idParam(req.params.activityId));
      if (!sk.success || !ctx.activitySkills.includes(sk.data)) {
        throw new AppError('unknown_skill', 'That skill is not part of this activity.', {
          status: 404,
          hint: 'Go back to the class overview and open a group card from there.',
        });
      }
      const overview = await teacherView(courseId, { activityId: String(activity._id) });
      const group = overview.activity?.groups.find((g) => g.skillId === sk.data);
      const card = await groupCard({ courseId, activity, ctx, skillId: sk.data, students: group?.students ?? [] });
      render(res, 'teacher/group', { token: deps.sessions.renewed(session, String(req.query.s)), courseId, ...card });
    } catch (err) {
      next(err);
    }
  });

  router.post('/courses/:courseId/activities/:activityId/changes', async (req, res, next) => {
    try {
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
        ...(b.skillId ? { skillId: b.skillId } : {}),
        ...(b.reason ? { reason: b.reason } : {}),
        ...(b.note ? { note: b.note } : {}),
      });
      if (r.graded > 0) deps.onGradesRetried?.();
      await deps.audit.record({
        actor: { kind: 'teacher', personId: session.personId },
        action: 'override',
        courseId,
        ...(b.personIds.length === 1 ? { subjectId: b.personIds[0] } : {}),
        detail: {
          change: b.kind,
          activityId: String(activity._id),
          students: r.changed,
          ...(b.skillId ? { skillId: b.skillId } : {}),
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
    } catch (err) {
      next(err);
    }
  });

  router.post('/courses/:courseId/changes/:changeId/undo', async (req, res, next) => {
    try {
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
        detail: { change: `undo-${r.kind}`, students: r.students, changeId: id.data },
      });
      const t = encodeURIComponent(body.data.s);
      // Back where the teacher was: the overview or the student's page (ids checked, never a free URL).
      const m = /^(overview|student):?([a-f0-9]{24})?:?([a-f0-9]{24})?$/.exec(body.data.back);
      const to =
        m?.[1] === 'student' && m[2] && m[3]
          ? `/app/courses/${courseId}/activities/${m[2]}/students/${m[3]}?s=${t}&undone=${id.data}`
          : `/app/courses/${courseId}/teacher?s=${t}${m?.[2] ? `&a=${m[2]}` : ''}&undone=${id.data}`;
      res.redirect(303, to);
    } catch (err) {
      next(err);
    }
  });

  router.get('/courses/:courseId/activities/:activityId/overview.csv', async (req, res, next) => {
    try {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      const { activity } = await activityIn(courseId, idParam(req.params.activityId));
      const view = await teacherView(courseId, { activityId: String(activity._id) });
      const a = view.activity!;
      await deps.audit.record({
        actor: { kind: 'teacher', personId: session.personId },
        action: 'export',
        courseId,
        detail: { what: 'overview.csv', activityId: a.id },
      });
      const rows = a.allRows.map((r) => [
        r.name,
        r.started ? 'yes' : 'no',
        r.mastered,
        ...r.cells.map((c) => (c.status === 'in-progress' ? `in progress (${c.percent}% sure)` : c.words)),
        [r.standing, ...r.attention.map((f) => f.reason)].filter(Boolean).join(' | '),
      ]);
      res.attachment(`pathwise-overview-${a.id}.csv`);
      res
        .type('text/csv; charset=utf-8')
        .send(toCsv(['Student', 'Started', 'Skills mastered', ...a.skills.map((k) => k.title), 'Needs attention'], rows));
    } catch (err) {
      next(err);
    }
  });

  router.get('/courses/:courseId/activities/:activityId/students/:personId/answers.csv', async (req, res, next) => {
    try {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      const { activity, ctx } = await activityIn(courseId, idParam(req.params.activityId));
      const personId = idParam(req.params.personId);
      const member = (await classOf(courseId)).students.find((x) => x.personId === personId);
      if (!member) throw new NotFoundError('This student');
      const answers = await answersOf(ctx, courseId, String(activity._id), personId);
      await deps.audit.record({
        actor: { kind: 'teacher', personId: session.personId },
        action: 'export',
        courseId,
        subjectId: personId,
        detail: { what: 'answers.csv' },
      });
      res.attachment(`pathwise-answers-${personId}.csv`);
      res.type('text/csv; charset=utf-8').send(
        toCsv(
          ['Student', 'When (UTC)', 'Skills', 'Question', 'Answer', 'Right', 'Hints used', 'Seconds', 'Try'],
          answers.map((x) => [
            member.name,
            x.at,
            x.skills,
            x.question,
            x.answer,
            x.correct ? 'yes' : 'no',
            x.hintsUsed,
            x.seconds,
            x.attempt,
          ]),
        ),
      );
    } catch (err) {
      next(err);
    }
  });

  router.post('/courses/:courseId/activities/:activityId/settings', async (req, res, next) => {
    try {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      const body = settings.safeParse(req.body);
      if (!body.success) throw new ValidationError(body.error.issues.map((i) => i.message).join('; '));
      const activityId = idParam(req.params.activityId);
      const r = await Activity.updateOne(
        { _id: activityId, courseId },
        { $set: { gradingMode: body.data.gradingMode, masteryThreshold: body.data.masteryThreshold } },
      );
      if (r.matchedCount === 0) throw new NotFoundError('This activity');
      clearActivityCache();
      await deps.audit.record({
        actor: { kind: 'teacher', personId: session.personId },
        action: 'change-setting',
        courseId,
        detail: {
          activityId: String(req.params.activityId),
          gradingMode: body.data.gradingMode,
          masteryThreshold: body.data.masteryThreshold,
        },
      });
      res.redirect(303, `/app/courses/${courseId}/teacher?s=${encodeURIComponent(body.data.s)}&a=${activityId}&saved=1`);
    } catch (err) {
      next(err);
    }
  });

  /** The teacher fixed what the LMS refused (e.g. unlocked a column): send the refused grades again. */
  router.post('/courses/:courseId/grades/retry', async (req, res, next) => {
    try {
      const courseId = idParam(req.params.courseId);
      await teacherOf(req, courseId);
      const body = tokenOnly.safeParse(req.body);
      if (!body.success) throw new ValidationError('The form was not complete: reload the page and try again.');
      await retryRejectedInCourse(courseId);
      deps.onGradesRetried?.();
      res.redirect(303, `/app/courses/${courseId}/teacher?s=${encodeURIComponent(body.data.s)}`);
    } catch (err) {
      next(err);
    }
  });

  return router;
}

/**
 * Teacher pages (the cockpit): the class overview (and its print view), one student, a student of
 * the roster who has not started, a small-group card, and each activity's grading settings. The
 * changes a teacher makes and their undo are in teacherChanges.ts, the CSV downloads in
 * teacherExports.ts. Thin: parse with zod, check the teacher's course, call one command.
 */
import express from 'express';
import { z } from 'zod';
import { AppError, NotFoundError, ValidationError } from '../errors.ts';
import { Activity } from '../repositories/models/Activity.ts';
import { clearActivityCache } from '../commands/answerSubmitter.ts';
import { classOf, teacherView } from '../presenters/teacherView.ts';
import { teacherStudentView } from '../presenters/teacherStudentView.ts';
import { groupCard } from '../presenters/teacherGroupCard.ts';
import { idParam } from './practice.ts';
import { retryRejectedInCourse } from '../repositories/gradeEventRepository.ts';
import { noteOverviewViewed } from '../repositories/activities.ts';
import { render } from '../presenters/views.ts';
import { activityIn, invalid, objectId, skillId, teacherCheck, type TeacherDeps, asyncRoute } from './teacherShared.ts';
import { noticeFor, teacherChangesRouter } from './teacherChanges.ts';
import { teacherExportsRouter } from './teacherExports.ts';
import { teacherGradebookRouter } from './teacherGradebook.ts';

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
/** The retry form, from the overview or from an activity's gradebook check (`back`: the activity). */
const retryBody = tokenOnly.extend({ back: objectId.optional() });
const overviewQuery = z.object({
  a: objectId.optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  done: z.string().uuid().optional(),
  undone: z.string().uuid().optional(),
  saved: z.literal('1').optional(),
});
/** A roster member who never opened Pathwise, by the key the overview links with. */
const rosterKey = z.string().regex(/^[a-f0-9]{16}$/, 'that student link is malformed');

/** How long opening the teacher page waits for the LMS roster before showing what is known. */
const ROSTER_WAIT_MS = 4000;

export function teacherRouter(deps: TeacherDeps) {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '8kb' }));
  router.use(teacherChangesRouter(deps));
  router.use(teacherExportsRouter(deps));
  router.use(teacherGradebookRouter(deps));
  const teacherOf = teacherCheck(deps.sessions);

  router.get(
    '/courses/:courseId/teacher',
    asyncRoute(async (req, res) => {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      const q = overviewQuery.safeParse(req.query);
      if (!q.success) throw invalid(q.error.issues, 'Open the class overview again from the course.');
      const activityId = q.data.a ?? session.activityId;
      if (deps.roster)
        await Promise.race([deps.roster.refresh(courseId, { activityId }), new Promise((r) => setTimeout(r, ROSTER_WAIT_MS).unref())]);
      const view = await teacherView(courseId, { activityId, page: q.data.page ?? 1, cells: 'page' });
      await deps.audit.record({ actor: { kind: 'teacher', personId: session.personId }, action: 'view-course', courseId });
      if (view.activity) await noteOverviewViewed(view.activity.id);
      const notice = await noticeFor(courseId, q.data, view.activity ? `overview:${view.activity.id}` : 'overview');
      render(res, 'teacher', { token: deps.sessions.renewed(session, String(req.query.s)), courseId, notice, ...view });
    }),
  );

  /** The overview's table rows alone, for the live refresh (src/client/teacher.ts). */
  router.get(
    '/courses/:courseId/teacher/rows',
    asyncRoute(async (req, res) => {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      const q = overviewQuery.safeParse(req.query);
      if (!q.success) throw invalid(q.error.issues, 'Reload the page.');
      const view = await teacherView(courseId, { activityId: q.data.a ?? session.activityId, page: q.data.page ?? 1, cells: 'page' });
      res.setHeader('Cache-Control', 'no-store');
      if (!view.activity) return res.status(204).end();
      render(res, 'teacher/rows', { token: String(req.query.s), courseId, a: view.activity });
    }),
  );

  router.get(
    '/courses/:courseId/activities/:activityId/students/:personId',
    asyncRoute(async (req, res) => {
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
    }),
  );

  /** A student of the LMS roster who has never opened Pathwise: who they are and what the teacher can do. */
  router.get(
    '/courses/:courseId/activities/:activityId/roster/:key',
    asyncRoute(async (req, res) => {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      const key = rosterKey.safeParse(req.params.key);
      if (!key.success) throw invalid(key.error.issues, 'Go back to the class overview and open the student from there.');
      const { activity, ctx } = await activityIn(courseId, idParam(req.params.activityId));
      const member = (await classOf(courseId, activity.resourceLinkId)).students.find((x) => 'rosterKey' in x && x.rosterKey === key.data);
      if (!member) {
        throw new AppError('unknown_student', 'This student is not on the class list any more, or has opened Pathwise since.', {
          status: 404,
          hint: 'Go back to the class overview: a student who has started has their own page there.',
        });
      }
      await deps.audit.record({
        actor: { kind: 'teacher', personId: session.personId },
        action: 'view-student',
        courseId,
        detail: { activityId: String(activity._id), notStarted: true },
      });
      const titles = new Map(ctx.pack.skills.map((k) => [k.id, k.title]));
      render(res, 'teacher/not-started', {
        token: deps.sessions.renewed(session, String(req.query.s)),
        courseId,
        student: { name: member.name, standing: member.standing },
        activity: { id: String(activity._id), title: activity.title || 'Practice' },
        skills: ctx.activitySkills.map((id) => titles.get(id) ?? id),
      });
    }),
  );

  router.get(
    '/courses/:courseId/activities/:activityId/groups/:skillId',
    asyncRoute(async (req, res) => {
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
      const overview = await teacherView(courseId, { activityId: String(activity._id), cells: 'page' });
      const group = overview.activity?.groups.find((g) => g.skillId === sk.data);
      const card = await groupCard({ courseId, activity, ctx, skillId: sk.data, students: group?.students ?? [] });
      render(res, 'teacher/group', { token: deps.sessions.renewed(session, String(req.query.s)), courseId, ...card });
    }),
  );

  router.post(
    '/courses/:courseId/activities/:activityId/settings',
    asyncRoute(async (req, res) => {
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
    }),
  );

  /** The teacher fixed what the LMS refused (e.g. unlocked a column): send the refused grades again. */
  router.post(
    '/courses/:courseId/grades/retry',
    asyncRoute(async (req, res) => {
      const courseId = idParam(req.params.courseId);
      await teacherOf(req, courseId);
      const body = retryBody.safeParse(req.body);
      if (!body.success) throw new ValidationError('The form was not complete: reload the page and try again.');
      await retryRejectedInCourse(courseId);
      deps.onGradesRetried?.();
      const s = encodeURIComponent(body.data.s);
      const back = body.data.back
        ? `/app/courses/${courseId}/activities/${body.data.back}/gradebook?s=${s}`
        : `/app/courses/${courseId}/teacher?s=${s}`;
      res.redirect(303, back);
    }),
  );

  return router;
}

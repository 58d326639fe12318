/**
 * The gradebook check of an activity: what the LMS gradebook holds next to Pathwise's scores
 * (read from the LMS only when a teacher opens this page), and sending Pathwise's grade again for
 * the students the teacher ticks. Thin: parse with zod, check the teacher's course, call one
 * presenter or command. A failing LMS is a message on the page, never an error page.
 */
import express from 'express';
import { z } from 'zod';
import { resendGrades } from '../commands/gradeResender.ts';
import { gradebookCheck } from '../presenters/teacherGradebook.ts';
import { render } from '../presenters/views.ts';
import { idParam } from './practice.ts';
import { activityIn, invalid, objectId, teacherCheck, type TeacherDeps, asyncRoute } from './teacherShared.ts';

const pageQuery = z.object({ sent: z.coerce.number().int().min(0).max(10_000).optional() }).passthrough();
const resendBody = z.object({
  s: z.string().min(1).max(2048),
  personIds: z
    .union([objectId, z.array(objectId).max(1000)], { message: 'tick at least one student' })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .refine((v) => v.length > 0, 'tick at least one student'),
});

export function teacherGradebookRouter(deps: TeacherDeps) {
  const router = express.Router();
  const teacherOf = teacherCheck(deps.sessions);

  router.get(
    '/courses/:courseId/activities/:activityId/gradebook',
    asyncRoute(async (req, res) => {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      const q = pageQuery.safeParse(req.query);
      if (!q.success) throw invalid(q.error.issues, 'Open the gradebook check again from the class overview.');
      const { activity } = await activityIn(courseId, idParam(req.params.activityId));
      const view = await gradebookCheck({ courseId, activity, ags: deps.ags });
      await deps.audit.record({
        actor: { kind: 'teacher', personId: session.personId },
        action: 'view-course',
        courseId,
        detail: { activityId: String(activity._id), gradebookCheck: true },
      });
      res.setHeader('Cache-Control', 'no-store');
      render(res, 'teacher/gradebook', {
        token: deps.sessions.renewed(session, String(req.query.s)),
        courseId,
        ...(q.data.sent !== undefined ? { sentNow: q.data.sent } : {}),
        ...view,
      });
    }),
  );

  router.post(
    '/courses/:courseId/activities/:activityId/gradebook/resend',
    asyncRoute(async (req, res) => {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      const body = resendBody.safeParse(req.body);
      if (!body.success) throw invalid(body.error.issues, 'Go back to the gradebook check and tick the students whose grade to send.');
      const { activity, ctx } = await activityIn(courseId, idParam(req.params.activityId));
      const sent = await resendGrades({ courseId, activity, ctx, personIds: body.data.personIds });
      await deps.audit.record({
        actor: { kind: 'teacher', personId: session.personId },
        action: 'override',
        courseId,
        detail: { activityId: String(activity._id), resentGrades: sent },
      });
      if (sent > 0) deps.onGradesRetried?.();
      res.redirect(
        303,
        `/app/courses/${courseId}/activities/${String(activity._id)}/gradebook?s=${encodeURIComponent(body.data.s)}&sent=${sent}`,
      );
    }),
  );

  return router;
}

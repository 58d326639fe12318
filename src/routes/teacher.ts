/** Teacher pages: the course overview and each activity's grading settings. */
import express from 'express';
import { z } from 'zod';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { Activity } from '../repositories/models/Activity.ts';
import { clearActivityCache } from '../commands/answerSubmitter.ts';
import { can } from '../authorization.ts';
import { teacherView } from '../presenters/teacherView.ts';
import type { SessionSigner } from '../session.ts';
import type { AuditLog } from '../repositories/audit.ts';
import { idParam, sessionFrom } from './practice.ts';

const settings = z.object({
  s: z.string().min(1).max(2048),
  gradingMode: z.enum(['mastery', 'completion']),
  masteryThreshold: z.coerce.number().min(0.5, 'the threshold must be between 0.5 and 0.99').max(0.99, 'the threshold must be between 0.5 and 0.99'),
});

export function teacherRouter(deps: { sessions: SessionSigner; audit: AuditLog }) {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '8kb' }));

  const teacherOf = (req: express.Request, courseId: string) => {
    const session = sessionFrom(deps.sessions, req);
    if (!can(session, 'teach', { courseId })) {
      throw new ForbiddenError('This page is for the course’s teachers.', 'If you teach this course, open Pathwise from the course as a teacher.');
    }
    return session;
  };

  router.get('/courses/:courseId/teacher', async (req, res, next) => {
    try {
      const courseId = idParam(req.params.courseId);
      const session = teacherOf(req, courseId);
      const view = await teacherView(courseId);
      await deps.audit.record({ actor: { kind: 'teacher', personId: session.personId }, action: 'view-course', courseId });
      res.render('teacher', { token: String(req.query.s), courseId, ...view });
    } catch (err) {
      next(err);
    }
  });

  router.post('/courses/:courseId/activities/:activityId/settings', async (req, res, next) => {
    try {
      const courseId = idParam(req.params.courseId);
      const session = teacherOf(req, courseId);
      const body = settings.safeParse(req.body);
      if (!body.success) throw new ValidationError(body.error.issues.map((i) => i.message).join('; '));
      const r = await Activity.updateOne(
        { _id: idParam(req.params.activityId), courseId },
        { $set: { gradingMode: body.data.gradingMode, masteryThreshold: body.data.masteryThreshold } },
      );
      if (r.matchedCount === 0) throw new NotFoundError('This activity');
      clearActivityCache();
      await deps.audit.record({
        actor: { kind: 'teacher', personId: session.personId },
        action: 'change-setting',
        courseId,
        detail: { activityId: String(req.params.activityId), gradingMode: body.data.gradingMode, masteryThreshold: body.data.masteryThreshold },
      });
      res.redirect(303, `/app/courses/${courseId}/teacher?s=${encodeURIComponent(body.data.s)}`);
    } catch (err) {
      next(err);
    }
  });

  return router;
}

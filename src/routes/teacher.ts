/** Teacher pages: the course overview and each activity's grading settings. */
import express from 'express';
import { z } from 'zod';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { Activity } from '../repositories/models/Activity.ts';
import { clearActivityCache } from '../commands/answerSubmitter.ts';
import { can } from '../authorization.ts';
import { teacherView } from '../presenters/teacherView.ts';
import type { SessionSigner } from '../session.ts';
import type { RosterRefresher } from '../commands/rosterRefresher.ts';
import type { AuditLog } from '../repositories/audit.ts';
import { idParam, sessionFrom } from './practice.ts';
import { retryRejectedInCourse } from '../repositories/gradeEventRepository.ts';
import { render } from '../presenters/views.ts';

const settings = z.object({
  s: z.string().min(1).max(2048),
  gradingMode: z.enum(['mastery', 'completion']),
  masteryThreshold: z.coerce
    .number()
    .min(0.5, 'the threshold must be between 0.5 and 0.99')
    .max(0.99, 'the threshold must be between 0.5 and 0.99'),
});

const tokenOnly = z.object({ s: z.string().min(1).max(2048) });
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

  router.get('/courses/:courseId/teacher', async (req, res, next) => {
    try {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      if (deps.roster) await Promise.race([deps.roster.refresh(courseId), new Promise((r) => setTimeout(r, ROSTER_WAIT_MS).unref())]);
      const view = await teacherView(courseId);
      await deps.audit.record({ actor: { kind: 'teacher', personId: session.personId }, action: 'view-course', courseId });
      render(res, 'teacher', { token: deps.sessions.renewed(session, String(req.query.s)), courseId, ...view });
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
        detail: {
          activityId: String(req.params.activityId),
          gradingMode: body.data.gradingMode,
          masteryThreshold: body.data.masteryThreshold,
        },
      });
      res.redirect(303, `/app/courses/${courseId}/teacher?s=${encodeURIComponent(body.data.s)}`);
    } catch (err) {
      next(err);
    }
  });

  /** The teacher fixed what the LMS refused (e.g. unlocked a column): send the refused grades again. */
  router.post('/courses/:courseId/grades/retry', async (req, res, next) => {
    try {
      const courseId = idParam(req.params.courseId);
      teacherOf(req, courseId);
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

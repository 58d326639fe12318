/** Student and teacher pages. Thin: parse, authorise, call a command, present. */
import express, { type Request } from 'express';
import { z } from 'zod';
import { answerSubmitter, progressFor } from '../commands/answerSubmitter.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { Activity } from '../models/Activity.ts';
import { Person } from '../models/Person.ts';
import { presentRef } from '../practice/itemSource.ts';
import { can } from '../policies.ts';
import { teacherView } from '../presenters/teacherView.ts';
import type { Session, SessionSigner } from '../session.ts';
import { TtlCache } from '../ttlCache.ts';

const objectId = z.string().regex(/^[a-f0-9]{24}$/, 'not a valid id');
const answerBody = z.object({
  s: z.string().min(1),
  attemptId: z.string().uuid(),
  response: z.union([z.string().max(2000), z.array(z.string().max(2000)).max(50)]).optional(),
});

export function practiceRouter(deps: { sessions: SessionSigner; onGradeRecorded(): void }) {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '32kb' }));
  router.use((_req, res, next) => {
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  const sessionOf = (req: Request): Session => deps.sessions.verify((req.body as { s?: unknown } | undefined)?.s ?? req.query.s);
  const idParam = (v: unknown) => {
    const r = objectId.safeParse(v);
    if (!r.success) throw new NotFoundError('This page');
    return r.data;
  };

  // Activity titles and names change only at launch; pages read them from short caches.
  const activities = new TtlCache<{ title: string } | null>(60_000);
  const names = new TtlCache<string>(60_000);

  async function activityOf(session: Session, activityId: string) {
    const key = `${session.courseId} ${activityId}`;
    let a = activities.get(key);
    if (a === undefined) {
      const doc = await Activity.findOne({ _id: activityId, courseId: session.courseId }, { title: 1 }).lean();
      a = doc ? { title: doc.title } : null;
      activities.set(key, a);
    }
    if (!a) throw new NotFoundError('This activity');
    return a;
  }

  async function nameOf(personId: string) {
    let n = names.get(personId);
    if (n === undefined) {
      n = (await Person.findById(personId, { name: 1 }).lean())?.name || 'Student';
      names.set(personId, n);
    }
    return n;
  }

  async function renderPractice(res: express.Response, session: Session, token: string, activityId: string, feedback?: { outcome: string; text: string }) {
    const activity = await activityOf(session, activityId);
    const [progress, studentName] = await Promise.all([progressFor(session, activityId), nameOf(session.personId)]);
    res.render('practice', {
      token,
      studentName,
      activity: { id: activityId, title: activity.title || 'Practice' },
      item: presentRef({ itemId: progress.current.itemId, seed: progress.current.seed }),
      attemptId: progress.current.attemptId,
      answered: progress.answered,
      correct: progress.correct,
      percent: progress.answered ? Math.round((100 * progress.correct) / progress.answered) : 0,
      feedback,
    });
  }

  router.get('/activities/:activityId', async (req, res, next) => {
    try {
      const session = sessionOf(req);
      const activityId = idParam(req.params.activityId);
      if (!can(session, 'practise', { courseId: session.courseId })) throw new ForbiddenError();
      await renderPractice(res, session, String(req.query.s), activityId);
    } catch (err) {
      next(err);
    }
  });

  router.post('/activities/:activityId/answer', async (req, res, next) => {
    try {
      const body = answerBody.safeParse(req.body);
      if (!body.success) throw new ValidationError('The answer form was incomplete.', body.error.issues.map((i) => i.message));
      const session = sessionOf(req);
      const activityId = idParam(req.params.activityId);
      const result = await answerSubmitter({ session, activityId, attemptId: body.data.attemptId, response: body.data.response ?? '' });
      if (result.gradeRecorded) deps.onGradeRecorded();
      const feedback = result.duplicate
        ? { outcome: 'info', text: 'That answer was already counted.' }
        : { outcome: result.outcome ?? 'incorrect', text: result.feedback ?? '' };
      await renderPractice(res, session, body.data.s, activityId, feedback);
    } catch (err) {
      next(err);
    }
  });

  router.get('/courses/:courseId/teacher', async (req, res, next) => {
    try {
      const session = sessionOf(req);
      const courseId = idParam(req.params.courseId);
      if (!can(session, 'teach', { courseId })) {
        throw new ForbiddenError('This page is for the course’s teachers.', 'If you teach this course, open Pathwise from the course as a teacher.');
      }
      res.render('teacher', await teacherView(courseId));
    } catch (err) {
      next(err);
    }
  });

  return router;
}

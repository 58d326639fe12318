/**
 * The teacher's CSV downloads ("take it away"): the class overview of one activity, and one
 * student's answers. Both are audited as exports; spreadsheet formulas are neutralised (csv.ts).
 */
import express from 'express';
import { NotFoundError } from '../errors.ts';
import { classOf, teacherView } from '../presenters/teacherView.ts';
import { answersOf } from '../presenters/teacherStudentView.ts';
import { toCsv } from '../presenters/csv.ts';
import { idParam } from './practice.ts';
import { activityIn, teacherCheck, type TeacherDeps, asyncRoute } from './teacherShared.ts';

export function teacherExportsRouter(deps: TeacherDeps) {
  const router = express.Router();
  const teacherOf = teacherCheck(deps.sessions);

  router.get(
    '/courses/:courseId/activities/:activityId/overview.csv',
    asyncRoute(async (req, res) => {
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
    }),
  );

  router.get(
    '/courses/:courseId/activities/:activityId/students/:personId/answers.csv',
    asyncRoute(async (req, res) => {
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
    }),
  );

  return router;
}

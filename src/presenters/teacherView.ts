/** Shapes the teacher page: the course's students with their scores (names only, no other data). */
import { Types } from 'mongoose';
import { Course } from '../models/Course.ts';
import { Enrollment } from '../models/Enrollment.ts';
import { GradeEvent } from '../models/GradeEvent.ts';
import { Person } from '../models/Person.ts';
import { Progress } from '../models/Progress.ts';

export async function teacherView(courseId: string) {
  const cid = new Types.ObjectId(courseId);
  const [course, enrollments, progress, failed] = await Promise.all([
    Course.findById(cid).lean(),
    Enrollment.find({ courseId: cid, role: 'learner' }).lean(),
    Progress.find({ courseId: cid }).lean(),
    GradeEvent.countDocuments({ courseId: cid, status: 'rejected' }),
  ]);
  const people = await Person.find({ _id: { $in: enrollments.map((e) => e.personId) } }, { name: 1 }).lean();
  const nameOf = new Map(people.map((p) => [String(p._id), p.name]));
  const byPerson = new Map<string, { answered: number; correct: number }>();
  for (const p of progress) {
    const acc = byPerson.get(String(p.personId)) ?? { answered: 0, correct: 0 };
    acc.answered += p.answered;
    acc.correct += p.correct;
    byPerson.set(String(p.personId), acc);
  }
  const students = enrollments
    .map((e) => {
      const s = byPerson.get(String(e.personId)) ?? { answered: 0, correct: 0 };
      return {
        name: nameOf.get(String(e.personId)) || 'Student',
        answered: s.answered,
        correct: s.correct,
        percent: s.answered ? Math.round((100 * s.correct) / s.answered) : null,
        lastLaunchAt: e.lastLaunchAt ? e.lastLaunchAt.toISOString() : null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { courseTitle: course?.title || 'Course', students, failedGrades: failed };
}

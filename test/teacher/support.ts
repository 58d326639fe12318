/**
 * What the cockpit's HTTP tests share: a course of their own with some students launched and the
 * teacher's overview open, the person id of a student in that course, and a teacher's form post.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import type { stack } from '../support/stack.ts';
import { ownCourse } from '../support/factories.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { Enrollment } from '../../src/repositories/models/Enrollment.ts';

export type Own = Awaited<ReturnType<typeof ownCourse>>;
export type Stack = Awaited<ReturnType<typeof stack>>;

export const activityOf = (url: string) => /\/app\/activities\/([a-f0-9]{24})/.exec(url)![1]!;
export const courseOf = (url: string) => /\/app\/courses\/([a-f0-9]{24})/.exec(url)![1]!;
export const tokenOf = (url: string) => new URL(url).searchParams.get('s')!;

/** The person with this sub enrolled in this course (a sub alone may repeat across sandboxes). */
export async function personIdOf(c: Own, n: number, courseId?: string): Promise<string> {
  const enrolled = courseId
    ? (await Enrollment.find({ courseId: new Types.ObjectId(courseId) }, { personId: 1 }).lean()).map((e) => e.personId)
    : undefined;
  const p = await Person.findOne({ sub: c.member({ student: n }).sub, ...(enrolled ? { _id: { $in: enrolled } } : {}) }).lean();
  return String(p!._id);
}

/** A course with `students`, the first `launched` of whom opened the activity, and its teacher's overview. */
export async function classroom(skills: string, students: number, launched: number) {
  const c = await ownCourse('moodle', { students, skills });
  let activityId = '';
  for (let n = 0; n < launched; n++) activityId = activityOf((await c.launch({ student: n })).url);
  const teacher = await c.launch('teacher');
  assert.equal(teacher.status, 200, teacher.html.slice(0, 400));
  return { c, activityId, teacher, courseId: courseOf(teacher.url), token: tokenOf(teacher.url) };
}
export type Classroom = Awaited<ReturnType<typeof classroom>>;

/** The teacher posts a form to a Pathwise path (the answer is not followed: 303s are checked). */
export async function change(t: Pick<Classroom, 'teacher'>, s: Stack, path: string, fields: Record<string, string | string[]>) {
  return t.teacher.client.postForm(new URL(path, s.toolUrl).toString(), fields, { sandboxUrl: s.sandboxUrl });
}

/** A GET as the teacher. */
export async function get(t: Pick<Classroom, 'teacher'>, s: Stack, path: string) {
  return t.teacher.client.get(new URL(path, s.toolUrl).toString(), { sandboxUrl: s.sandboxUrl });
}

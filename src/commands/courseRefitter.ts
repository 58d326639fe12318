/**
 * Refits each skill's BKT parameters from a course's own answer log, where the course has enough
 * students on that skill (at least `minStudents`, default 50: parameter recovery needs roughly
 * 50-100 students). Skills below that keep the pack's defaults. A refit never rewrites history:
 * students' current mastery stays as it is, and only future updates use the new parameters.
 * Guess and slip are fitted per item class (the same classes the pack defines).
 */
import { Types } from 'mongoose';
import { buildDataset, fitSkills, type MasteryRow } from '../mastery/index.ts';
import { AnswerLog } from '../models/AnswerLog.ts';
import { CourseParams } from '../models/CourseParams.ts';
import { Course } from '../models/Course.ts';
import { clearCourseParamsCache } from '../practice/activityContext.ts';
import type { Logger } from '../logger.ts';

export interface RefitReport {
  courseId: string;
  fitted: Array<{ skill: string; students: number; answers: number; prior: number; learn: number }>;
  kept: Array<{ skill: string; students: number; reason: string }>;
}

export async function courseRefitter(props: { courseId: string; minStudents?: number; seed?: number; log?: Logger }): Promise<RefitReport> {
  const minStudents = props.minStudents ?? 50;
  const courseId = new Types.ObjectId(props.courseId);
  const rows: MasteryRow[] = [];
  const students = new Map<string, Set<string>>();
  const answers = new Map<string, number>();
  // First attempts only: a retry after a hint is not evidence of what the student knew.
  for await (const a of AnswerLog.find({ courseId, attempt: { $ne: 2 } }, { personId: 1, skillIds: 1, at: 1, correct: 1, itemClass: 1 }).lean().cursor()) {
    for (const skill of a.skillIds) {
      // One sequence per (student, skill) across the course's activities, ordered by the answer's time.
      rows.push({ userId: String(a.personId), skill, order: a.at.getTime(), correct: a.correct, gsClass: a.itemClass || 'default' });
      (students.get(skill) ?? students.set(skill, new Set()).get(skill)!).add(String(a.personId));
      answers.set(skill, (answers.get(skill) ?? 0) + 1);
    }
  }
  const report: RefitReport = { courseId: props.courseId, fitted: [], kept: [] };
  const enough = new Set([...students].filter(([, s]) => s.size >= minStudents).map(([k]) => k));
  for (const [skill, s] of students) {
    if (!enough.has(skill)) report.kept.push({ skill, students: s.size, reason: `fewer than ${minStudents} students` });
  }
  if (enough.size > 0) {
    const data = buildDataset(rows.filter((r) => enough.has(r.skill)));
    const fits = fitSkills(data, { restarts: 5, seed: props.seed ?? 1 });
    const fittedAt = new Date();
    for (const [skill, fit] of fits) {
      const { iterations: _iterations, logLikelihood, ...params } = fit;
      await CourseParams.updateOne(
        { courseId, skillId: skill },
        { $set: { params, students: students.get(skill)!.size, answers: answers.get(skill) ?? 0, logLikelihood, fittedAt } },
        { upsert: true },
      );
      report.fitted.push({ skill, students: students.get(skill)!.size, answers: answers.get(skill) ?? 0, prior: fit.prior, learn: fit.learns[0] ?? 0 });
    }
    clearCourseParamsCache();
  }
  props.log?.info({ courseId: props.courseId, fitted: report.fitted.length, kept: report.kept.length }, 'course parameters refitted');
  return report;
}

/** Refits every course with answers logged since its last refit (the scheduled job). */
export async function refitAllCourses(props: { minStudents?: number; log?: Logger }): Promise<RefitReport[]> {
  const reports: RefitReport[] = [];
  for (const course of await Course.find({}, { _id: 1 }).lean()) {
    const last = await CourseParams.findOne({ courseId: course._id }).sort({ fittedAt: -1 }).lean();
    const fresh = await AnswerLog.exists({ courseId: course._id, ...(last ? { at: { $gt: last.fittedAt } } : {}) });
    if (fresh) reports.push(await courseRefitter({ courseId: String(course._id), ...props }));
  }
  return reports;
}

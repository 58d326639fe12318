/**
 * Refits each skill's BKT parameters from a course's own answer log, where the course has enough
 * students on that skill (at least `minStudents`, default 50: parameter recovery needs roughly
 * 50-100 students). Skills below that keep the pack's defaults. A refit never rewrites history:
 * students' current mastery stays as it is, and only future updates use the new parameters.
 * Guess and slip are fitted per item class, then per item for items with enough students (item
 * difficulty from data). Prior and learn stay the pack's unless `fitTransitions` is set: Pathwise's
 * own log is adaptive (each student's sequence stops at mastery), and fits of prior and learn from
 * it, even those that pass the plausibility check of src/domain/policy/fit.ts, made practice 18-23% longer
 * in simulation, for a class like the pack assumes and for a stronger one (docs/benchmarks.md).
 * With `fitTransitions`, an implausible fit still keeps the pack's, and the report says why.
 */
import { Types } from 'mongoose';
import { loadBundledPack } from '../repositories/packFiles.ts';
import { fitCourseParams, paramsFromPack, type FittedSkill, type LoggedAnswer } from '../domain/policy/index.ts';
import { AnswerLog } from '../repositories/models/AnswerLog.ts';
import { CourseParams } from '../repositories/models/CourseParams.ts';
import { Course } from '../repositories/models/Course.ts';
import { clearCourseParamsCache } from '../repositories/activityContext.ts';
import type { Logger } from '../logger.ts';

export interface RefitReport {
  courseId: string;
  fitted: Array<{
    skill: string;
    students: number;
    answers: number;
    prior: number;
    learn: number;
    itemLevel: number;
    transitions: FittedSkill['transitions'];
    implausible?: string;
  }>;
  kept: Array<{ skill: string; students: number; reason: string }>;
}

export async function courseRefitter(props: {
  courseId: string;
  minStudents?: number;
  minItemStudents?: number;
  fitTransitions?: boolean;
  seed?: number;
  log?: Logger;
}): Promise<RefitReport> {
  const courseId = new Types.ObjectId(props.courseId);
  const answers: LoggedAnswer[] = [];
  // First attempts only: a retry after a hint is not evidence of what the student knew.
  for await (const a of AnswerLog.find(
    { courseId, attempt: { $ne: 2 } },
    { personId: 1, skillIds: 1, at: 1, correct: 1, itemId: 1, itemClass: 1 },
  )
    .lean()
    .cursor()) {
    // One sequence per (student, skill) across the course's activities, ordered by the answer's time.
    answers.push({
      student: String(a.personId),
      itemId: a.itemId,
      itemClass: a.itemClass,
      skillIds: a.skillIds,
      order: a.at.getTime(),
      correct: a.correct,
    });
  }
  const fit = fitCourseParams(answers, {
    base: paramsFromPack(loadBundledPack()),
    fitTransitions: props.fitTransitions === true,
    minStudents: props.minStudents ?? 50,
    ...(props.minItemStudents !== undefined ? { minItemStudents: props.minItemStudents } : {}),
    restarts: 5,
    seed: props.seed ?? 1,
  });
  const report: RefitReport = { courseId: props.courseId, fitted: [], kept: fit.kept };
  const fittedAt = new Date();
  for (const [skill, f] of fit.fitted) {
    await CourseParams.updateOne(
      { courseId, skillId: skill },
      { $set: { params: f.params, students: f.students, answers: f.answers, logLikelihood: f.logLikelihood, fittedAt } },
      { upsert: true },
    );
    report.fitted.push({
      skill,
      students: f.students,
      answers: f.answers,
      prior: f.params.prior,
      learn: f.params.learns[0] ?? 0,
      itemLevel: f.itemLevel,
      transitions: f.transitions,
      ...(f.implausible ? { implausible: f.implausible } : {}),
    });
  }
  if (fit.fitted.size > 0) clearCourseParamsCache();
  const implausible = report.fitted.filter((f) => f.implausible).map((f) => f.skill);
  props.log?.info(
    { courseId: props.courseId, fitted: report.fitted.length, kept: report.kept.length, implausible },
    'course parameters refitted',
  );
  return report;
}

/** Refits every course with answers logged since its last refit (the scheduled job). */
export async function refitAllCourses(props: { minStudents?: number; fitTransitions?: boolean; log?: Logger }): Promise<RefitReport[]> {
  const reports: RefitReport[] = [];
  for (const course of await Course.find({}, { _id: 1 }).lean()) {
    const last = await CourseParams.findOne({ courseId: course._id }).sort({ fittedAt: -1 }).lean();
    const fresh = await AnswerLog.exists({ courseId: course._id, ...(last ? { at: { $gt: last.fittedAt } } : {}) });
    if (fresh) reports.push(await courseRefitter({ courseId: String(course._id), ...props }));
  }
  return reports;
}

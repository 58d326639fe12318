/**
 * Retention, per school (platform registration), with the periods of its privacy settings:
 *
 * 1. Answer-level log entries older than `answerLogDays` are folded into per-item counts
 *    (AnswerStats, no person in them), the course's parameters are refitted from the full log
 *    first, and the entries are deleted. Students' mastery lives in their progress documents and
 *    is not touched, so practice goes on exactly as before.
 * 2. A course with no launch or answer for `inactiveCourseMonths` gets a notice (logged for the
 *    operator, recorded, listed by the CLI); `noticeDays` later, if still inactive, it is deleted
 *    like an operator's course deletion. Activity in between cancels the notice.
 * 3. A student missing from the LMS roster (recordRoster) for `departedGraceDays` is deleted from
 *    the course.
 *
 * `dryRun` reports what is due without changing anything. Every step is idempotent: folding is
 * guarded per (course, skill, item) by the newest answer already folded, so a run cut short and
 * run again never counts an answer twice.
 */
import type { Logger } from '../../logger.ts';
import { AnswerLog } from '../../repositories/models/AnswerLog.ts';
import { Course } from '../../repositories/models/Course.ts';
import { Enrollment } from '../../repositories/models/Enrollment.ts';
import { Person } from '../../repositories/models/Person.ts';
import { Progress } from '../../repositories/models/Progress.ts';
import { AnswerStats, Departure, RetentionNotice } from '../../repositories/models/Retention.ts';
import { idForms } from '../../repositories/privacy.ts';
import { privacySettingsFor } from '../../repositories/privacySettings.ts';
import { courseRefitter } from '../courseRefitter.ts';
import { deleteData } from './deleter.ts';
import { forgetName } from './nameCache.ts';
import type { AuditLog } from '../../repositories/audit.ts';

const DAY = 86_400_000;

export interface RetentionReport {
  dryRun: boolean;
  answerLogs: Array<{ courseId: string; due: number; deleted: number }>;
  noticed: Array<{ courseId: string; lastActiveAt: string; purgeAfter: string }>;
  purgedCourses: Array<{ courseId: string; records: number }>;
  departedStudents: Array<{ courseId: string; personId: string; records: number }>;
}

type RunProps = {
  dryRun: boolean;
  now?: Date;
  log: Logger;
  platform?: { issuer: string; clientId: string };
  courseId?: string;
  audit?: AuditLog;
};
type Ctx = RunProps & { issuer: string; clientId: string };

/** Applies every school's retention periods (or, with `dryRun`, reports what is due). Deletions are audited. */
export async function runRetention(props: RunProps): Promise<RetentionReport> {
  const now = props.now ?? new Date();
  const report: RetentionReport = { dryRun: props.dryRun, answerLogs: [], noticed: [], purgedCourses: [], departedStudents: [] };
  const filter = props.courseId ? { _id: { $in: idForms([props.courseId]) } } : (props.platform ?? {});
  const courses = await Course.find(filter, { issuer: 1, clientId: 1, updatedAt: 1 }).lean();
  for (const course of courses) {
    const settings = await privacySettingsFor(course.issuer, course.clientId);
    const courseId = String(course._id);
    const ctx: Ctx = { ...props, issuer: course.issuer, clientId: course.clientId };
    const purged = await inactiveCourse(courseId, course.updatedAt, settings, now, ctx, report);
    if (purged) continue;
    await oldAnswers(courseId, new Date(now.getTime() - settings.answerLogDays * DAY), ctx, report);
    await departedStudents(courseId, new Date(now.getTime() - settings.departedGraceDays * DAY), ctx, report);
  }
  return report;
}

async function oldAnswers(courseId: string, cutoff: Date, props: Ctx, report: RetentionReport) {
  const filter = { courseId: { $in: idForms([courseId]) }, at: { $lt: cutoff } };
  const due = await AnswerLog.countDocuments(filter);
  if (!due) return;
  if (props.dryRun) return void report.answerLogs.push({ courseId, due, deleted: 0 });
  await courseRefitter({ courseId, log: props.log }).catch((err: unknown) =>
    props.log.warn({ err, courseId }, 'refit before retention failed; answers are still folded into statistics'),
  );
  await foldAnswers(courseId, cutoff);
  const { deletedCount } = await AnswerLog.deleteMany(filter);
  report.answerLogs.push({ courseId, due, deleted: deletedCount });
  await props.audit?.record({
    actor: SYSTEM,
    action: 'retention',
    courseId,
    issuer: props.issuer,
    clientId: props.clientId,
    detail: { answerLogEntriesDeleted: deletedCount, olderThan: cutoff.toISOString() },
  });
}

const SYSTEM = { kind: 'system', name: 'retention job' } as const;

/** Adds old answers to the per-item counts, once per answer (see the header). */
export async function foldAnswers(courseId: string, cutoff: Date): Promise<void> {
  const logs = await AnswerLog.find(
    { courseId: { $in: idForms([courseId]) }, at: { $lt: cutoff } },
    { skillIds: 1, itemId: 1, itemClass: 1, attempt: 1, correct: 1, hintsUsed: 1, at: 1 },
  ).lean();
  const groups = new Map<string, typeof logs>();
  for (const l of logs)
    for (const skillId of l.skillIds.length ? l.skillIds : ['']) {
      const k = JSON.stringify([skillId, l.itemId]);
      groups.set(k, [...(groups.get(k) ?? []), l]);
    }
  for (const [k, group] of groups) {
    const [skillId, itemId] = JSON.parse(k) as [string, string];
    const key = { courseId: idForms([courseId])[1] ?? courseId, skillId, itemId };
    const existing = await AnswerStats.findOne(key, { foldedThrough: 1 }).lean();
    const since = existing?.foldedThrough?.getTime() ?? -Infinity;
    const fresh = group.filter((l) => l.at.getTime() > since);
    if (!fresh.length) continue;
    const through = new Date(Math.max(...fresh.map((l) => l.at.getTime())));
    const first = fresh.filter((l) => (l.attempt ?? 1) === 1);
    const inc = {
      answers: fresh.length,
      correct: fresh.filter((l) => l.correct).length,
      firstAttempts: first.length,
      firstAttemptsCorrect: first.filter((l) => l.correct).length,
      hintsUsed: fresh.reduce((a, l) => a + (l.hintsUsed ?? 0), 0),
    };
    // Guarded by the newest answer already folded: a concurrent or repeated run matches nothing.
    const guard = existing ? { foldedThrough: existing.foldedThrough } : {};
    await AnswerStats.updateOne(
      { ...key, ...guard },
      { $inc: inc, $set: { foldedThrough: through, itemClass: fresh[0]?.itemClass ?? '' } },
      { upsert: !existing },
    ).catch((err: { code?: number }) => {
      if (err.code !== 11000) throw err;
    });
  }
}

async function lastActivity(courseId: string, updatedAt: Date | undefined): Promise<Date> {
  const ids = idForms([courseId]);
  const [enrolment, progress, answer] = await Promise.all([
    Enrollment.findOne({ courseId: { $in: ids } }, { lastLaunchAt: 1 })
      .sort({ lastLaunchAt: -1 })
      .lean(),
    Progress.findOne({ courseId: { $in: ids } }, { lastAnsweredAt: 1, updatedAt: 1 })
      .sort({ updatedAt: -1 })
      .lean(),
    AnswerLog.findOne({ courseId: { $in: ids } }, { at: 1 })
      .sort({ at: -1 })
      .lean(),
  ]);
  const times = [updatedAt, enrolment?.lastLaunchAt, progress?.updatedAt, progress?.lastAnsweredAt, answer?.at].map(
    (d) => d?.getTime() ?? 0,
  );
  return new Date(Math.max(...times));
}

async function inactiveCourse(
  courseId: string,
  updatedAt: Date | undefined,
  settings: { inactiveCourseMonths: number; noticeDays: number },
  now: Date,
  props: Ctx,
  report: RetentionReport,
): Promise<boolean> {
  const last = await lastActivity(courseId, updatedAt);
  const notice = await RetentionNotice.findOne({ courseId: { $in: idForms([courseId]) } }).lean();
  if (last.getTime() > now.getTime() - settings.inactiveCourseMonths * 30 * DAY) {
    if (notice && !props.dryRun) await RetentionNotice.deleteOne({ _id: notice._id });
    return false;
  }
  if (!notice) {
    const purgeAfter = new Date(now.getTime() + settings.noticeDays * DAY);
    report.noticed.push({ courseId, lastActiveAt: last.toISOString(), purgeAfter: purgeAfter.toISOString() });
    if (!props.dryRun) {
      await RetentionNotice.updateOne(
        { courseId: idForms([courseId])[1] ?? courseId },
        { $setOnInsert: { noticedAt: now, lastActiveAt: last } },
        { upsert: true },
      );
      props.log.warn(
        { courseId, lastActiveAt: last.toISOString(), purgeAfter: purgeAfter.toISOString() },
        'inactive course: its data will be deleted after the notice period unless it is used again',
      );
    }
    return false;
  }
  if (notice.noticedAt.getTime() + settings.noticeDays * DAY > now.getTime()) return false;
  const r = await deleteData({ kind: 'course', courseId }, { dryRun: props.dryRun });
  report.purgedCourses.push({ courseId, records: r.total });
  if (!props.dryRun)
    await props.audit?.record({
      actor: SYSTEM,
      action: 'delete',
      courseId,
      issuer: props.issuer,
      clientId: props.clientId,
      detail: { reason: 'inactive course', counts: r.counts },
    });
  return true;
}

/**
 * Records who is on a course's LMS roster (NRPS): learners missing from it get a departure date,
 * learners back on it lose theirs. `subs` is the roster's `user_id`s. The retention run deletes a
 * student once their departure is older than the school's grace period.
 */
export async function recordRoster(props: { courseId: string; subs: string[]; now?: Date }): Promise<{ missing: number }> {
  const now = props.now ?? new Date();
  const ids = idForms([props.courseId]);
  const learners = await Enrollment.find({ courseId: { $in: ids }, role: 'learner' }, { personId: 1 }).lean();
  const people = await Person.find({ _id: { $in: idForms(learners.map((l) => l.personId)) } }, { sub: 1 }).lean();
  const onRoster = new Set(props.subs);
  let missing = 0;
  for (const p of people) {
    const key = { courseId: ids[1] ?? props.courseId, personId: p._id };
    if (onRoster.has(p.sub)) {
      await Departure.deleteOne(key);
    } else {
      missing++;
      await Departure.updateOne(key, { $setOnInsert: { missingSince: now } }, { upsert: true });
    }
  }
  return { missing };
}

async function departedStudents(courseId: string, cutoff: Date, props: Ctx, report: RetentionReport) {
  const due = await Departure.find({ courseId: { $in: idForms([courseId]) }, missingSince: { $lte: cutoff } }).lean();
  for (const d of due) {
    const personId = String(d.personId);
    const r = await deleteData({ kind: 'student', personId, courseId }, { dryRun: props.dryRun }).catch(() => undefined);
    if (!r) {
      if (!props.dryRun) await Departure.deleteOne({ _id: d._id }); // already gone
      continue;
    }
    report.departedStudents.push({ courseId, personId, records: r.total });
    if (props.dryRun) continue;
    forgetName(personId);
    await props.audit?.record({
      actor: SYSTEM,
      action: 'delete',
      courseId,
      subjectId: personId,
      issuer: props.issuer,
      clientId: props.clientId,
      detail: { reason: 'left the course in the LMS', counts: r.counts },
    });
  }
}

/**
 * Shapes the teacher page: per activity, who has mastered what, who is stuck or inactive and why
 * (the policy's flags, in words), and which students share a gap. Names only, no other data.
 */
import { Types } from 'mongoose';
import { listSkills, loadBundledPack } from '../domain/content/index.ts';
import { Activity } from '../repositories/models/Activity.ts';
import { Course } from '../repositories/models/Course.ts';
import { Enrollment } from '../repositories/models/Enrollment.ts';
import { GradeEvent } from '../repositories/models/GradeEvent.ts';
import { Person } from '../repositories/models/Person.ts';
import { Progress, type ProgressDoc } from '../repositories/models/Progress.ts';
import { flags, skillMap } from '../domain/policy/index.ts';
import { activityContext } from '../repositories/activityContext.ts';
import { nameOf as rememberedName } from '../commands/privacy/nameCache.ts';

export async function teacherView(courseId: string) {
  const cid = new Types.ObjectId(courseId);
  const [course, enrollments, activities, progress, failed] = await Promise.all([
    Course.findById(cid).lean(),
    Enrollment.find({ courseId: cid, role: 'learner' }).lean(),
    Activity.find({ courseId: cid }).sort({ createdAt: 1 }).lean(),
    Progress.find({ courseId: cid }).lean<ProgressDoc[]>(),
    GradeEvent.find({ courseId: cid, status: 'rejected' }, { lastStatus: 1, lastError: 1 }).limit(20).lean(),
  ]);
  const people = await Person.find({ _id: { $in: enrollments.map((e) => e.personId) } }, { name: 1 }).lean();
  // In pseudonymous mode no name is stored: names come from memory (launches, the LMS roster).
  const nameOf = new Map(people.map((p) => [String(p._id), p.name || rememberedName(String(p._id)) || `Student ${String(p._id).slice(-4)}`]));
  const titles = new Map(listSkills(loadBundledPack()).map((s) => [s.id, s.title]));
  const now = new Date().toISOString();

  const views = [];
  for (const activity of activities) {
    const ctx = await activityContext(activity);
    const byPerson = new Map(progress.filter((p) => String(p.activityId) === String(activity._id)).map((p) => [String(p.personId), p]));
    const gaps = new Map<string, string[]>();
    const students = enrollments
      .map((e) => {
        const name = nameOf.get(String(e.personId)) ?? 'Student';
        const p = byPerson.get(String(e.personId));
        if (!p) return { name, started: false, mastered: 0, answered: 0, skills: [], flags: [{ kind: 'not-started', reason: 'Has not opened this activity yet.' }] };
        const map = skillMap(ctx.pack, p.state, ctx.activitySkills, now, ctx.config);
        const raised = flags(ctx.pack, p.state, now, ctx.config, ctx.params);
        const f = raised.map((x) => ({ kind: x.kind as string, reason: x.reason, skill: x.skillId ? (titles.get(x.skillId) ?? x.skillId) : undefined }));
        for (const x of raised) {
          if (x.skillId && x.kind !== 'inactive') gaps.set(x.skillId, [...(gaps.get(x.skillId) ?? []), name]);
        }
        return {
          name,
          started: true,
          mastered: map.filter((m) => m.status === 'mastered').length,
          answered: p.answered,
          skills: map.map((m) => ({ id: m.skillId, status: m.status, percent: Math.round(m.pMastered * 100) })),
          flags: f,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    views.push({
      id: String(activity._id),
      title: activity.title || 'Practice',
      gradingMode: activity.gradingMode ?? 'mastery',
      masteryThreshold: activity.masteryThreshold ?? 0.95,
      skills: ctx.activitySkills.map((s) => ({ id: s, title: titles.get(s) ?? s })),
      students,
      sharedGaps: [...gaps].filter(([, names]) => names.length >= 2).map(([skill, names]) => ({ skill: titles.get(skill) ?? skill, names })),
    });
  }
  return {
    courseTitle: course?.title || 'Course',
    activities: views,
    failedGrades: failed.map((g) => ({ status: g.lastStatus ?? 0, reason: (g.lastError ?? '').slice(0, 200) })),
  };
}

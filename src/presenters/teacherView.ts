/**
 * Shapes the teacher page: per activity, who has mastered what, who is stuck or inactive and why
 * (the policy's flags, in words), and which students share a gap. Names only, no other data.
 * Students come from launches and from the LMS roster (NRPS): those who never opened Pathwise are
 * listed as not started; those who left or are inactive are marked and kept out of class figures.
 * Says in plain words when grades cannot reach the LMS or the roster is not available.
 */
import { Types } from 'mongoose';
import { listSkills } from '../domain/content/index.ts';
import { loadBundledPack } from '../repositories/packFiles.ts';
import { Activity } from '../repositories/models/Activity.ts';
import { Course } from '../repositories/models/Course.ts';
import { Enrollment } from '../repositories/models/Enrollment.ts';
import { rejectedInCourse } from '../repositories/gradeEventRepository.ts';
import { Person } from '../repositories/models/Person.ts';
import { Progress, type ProgressDoc } from '../repositories/models/Progress.ts';
import { Roster, type RosterDoc } from '../repositories/models/Roster.ts';
import { gradesCanFlow, SCOPES } from '../lti/index.ts';
import { flags, skillMap } from '../domain/policy/index.ts';
import { activityContext } from '../repositories/activityContext.ts';
import { nameOf as rememberedName } from '../commands/privacy/nameCache.ts';

export async function teacherView(courseId: string) {
  const cid = new Types.ObjectId(courseId);
  const [course, enrollments, activities, progress, failed, roster] = await Promise.all([
    Course.findById(cid).lean(),
    Enrollment.find({ courseId: cid, role: 'learner' }).lean(),
    Activity.find({ courseId: cid }).sort({ createdAt: 1 }).lean(),
    Progress.find({ courseId: cid }).lean<ProgressDoc[]>(),
    rejectedInCourse(courseId),
    Roster.findOne({ courseId: cid }).lean<RosterDoc>(),
  ]);
  const people = await Person.find({ _id: { $in: enrollments.map((e) => e.personId) } }, { name: 1, sub: 1 }).lean();
  // In pseudonymous mode no name is stored: names come from memory (launches, the LMS roster).
  const nameOf = new Map(
    people.map((p) => [String(p._id), p.name || rememberedName(String(p._id)) || `Student ${String(p._id).slice(-4)}`]),
  );
  const subOf = new Map(people.map((p) => [String(p._id), p.sub]));
  const rosterBySub = new Map((roster?.members ?? []).map((m) => [m.sub, m]));
  const launchedSubs = new Set(people.map((p) => p.sub));
  const neverLaunched = (roster?.members ?? []).filter((m) => m.role === 'learner' && !launchedSubs.has(m.sub));
  const standing = (sub: string | undefined) => {
    const status = sub ? rosterBySub.get(sub)?.status : undefined;
    if (status === 'Deleted') return { kind: 'left', reason: 'Has left the course in the LMS; not counted in class figures.' };
    if (status === 'Inactive') return { kind: 'inactive-member', reason: 'Is inactive in the LMS course; not counted in class figures.' };
    return undefined;
  };
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
        const away = standing(subOf.get(String(e.personId)));
        if (!p)
          return {
            name,
            started: false,
            counted: !away,
            mastered: 0,
            answered: 0,
            skills: [],
            flags: [away ?? { kind: 'not-started', reason: 'Has not opened this activity yet.' }],
          };
        const map = skillMap(ctx.pack, p.state, ctx.activitySkills, now, ctx.config);
        const raised = flags(ctx.pack, p.state, now, ctx.config, ctx.params);
        const f = raised.map((x) => ({
          kind: x.kind as string,
          reason: x.reason,
          skill: x.skillId ? (titles.get(x.skillId) ?? x.skillId) : undefined,
        }));
        if (away) f.unshift({ ...away, skill: undefined });
        for (const x of raised) {
          if (!away && x.skillId && x.kind !== 'inactive') gaps.set(x.skillId, [...(gaps.get(x.skillId) ?? []), name]);
        }
        return {
          name,
          started: true,
          counted: !away,
          mastered: map.filter((m) => m.status === 'mastered').length,
          answered: p.answered,
          skills: map.map((m) => ({ id: m.skillId, status: m.status, percent: Math.round(m.pMastered * 100) })),
          flags: f,
        };
      })
      .concat(
        neverLaunched.map((m) => ({
          name: m.name || 'Student',
          started: false,
          counted: m.status === 'Active',
          mastered: 0,
          answered: 0,
          skills: [],
          flags: [standing(m.sub) ?? { kind: 'not-started', reason: 'Has not opened Pathwise yet (listed by the LMS).' }],
        })),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    views.push({
      id: String(activity._id),
      title: activity.title || 'Practice',
      gradingMode: activity.gradingMode ?? 'mastery',
      masteryThreshold: activity.masteryThreshold ?? 0.95,
      skills: ctx.activitySkills.map((s) => ({ id: s, title: titles.get(s) ?? s })),
      students,
      counted: students.filter((st) => st.counted).length,
      started: students.filter((st) => st.counted && st.started).length,
      gradesNotice: gradesNotice(activity),
      sharedGaps: [...gaps]
        .filter(([, names]) => names.length >= 2)
        .map(([skill, names]) => ({ skill: titles.get(skill) ?? skill, names })),
    });
  }
  return {
    courseTitle: course?.title || 'Course',
    rosterNotice: !course?.nrpsUrl
      ? 'Your LMS does not share the class list with Pathwise, so only students who have opened Pathwise are listed. To list everyone, turn on the Names and Role Provisioning service for Pathwise (Moodle: the tool’s “IMS LTI Names and Role Provisioning” setting; Canvas: the developer key’s names-and-roles scope).'
      : roster?.lastError
        ? 'The class list could not be fetched from your LMS just now, so students who never opened Pathwise may be missing. It is tried again automatically.'
        : undefined,
    activities: views,
    failedGrades: failed.map((g) => ({ status: g.lastStatus ?? 0, reason: (g.lastError ?? '').slice(0, 200) })),
  };
}

/** Plain words for a teacher when an activity's grades cannot reach the gradebook, and what to change. */
function gradesNotice(a: {
  agsScopes?: string[] | null;
  lineItemUrl?: string | null;
  lineItemsUrl?: string | null;
  resolvedLineItemUrl?: string | null;
  goneLineItemUrls?: string[] | null;
  resourceLinkId: string;
  courseId: unknown;
  _id: unknown;
}): string | undefined {
  if (gradesCanFlow(a)) return undefined;
  const scopes = a.agsScopes ?? [];
  if (scopes.length === 0 && !a.lineItemsUrl && !a.lineItemUrl) {
    return 'Grades from this activity cannot reach your LMS gradebook: the LMS did not give Pathwise a grade column. In Moodle, set the tool’s “IMS LTI Assignment and Grade Services” to “Use this service for grade sync and column management”; in Canvas, make it a graded assignment and give the developer key the score scopes. Students can still practise.';
  }
  if (!scopes.includes(SCOPES.score)) {
    return 'Grades from this activity cannot reach your LMS gradebook: the LMS did not allow Pathwise to send scores. An LMS administrator should grant the “score” permission (AGS score scope) to Pathwise. Students can still practise.';
  }
  return 'Grades from this activity cannot reach your LMS gradebook: the LMS gave no grade column and did not allow Pathwise to create one. In the LMS, add a grade item for this activity or grant Pathwise the line item permission. Students can still practise.';
}

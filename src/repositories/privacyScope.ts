/**
 * The records a privacy request (export or deletion of a student, a course or a platform) is
 * about: the courses and people it covers, who of them has nothing left elsewhere, and the grade
 * clock keys. repositories/privacy.ts then finds their data collection by collection.
 */
import { Types } from 'mongoose';
import { Course } from './models/Course.ts';
import { Enrollment } from './models/Enrollment.ts';
import { Person } from './models/Person.ts';
import { GradeEvent } from './models/GradeEvent.ts';
import { Activity } from './models/Activity.ts';

/** What a request is about, resolved to the records that anchor it. */
export interface ResolvedScope {
  kind: 'student' | 'course' | 'platform';
  issuer: string;
  clientId: string;
  courses: Array<{ _id: unknown; deploymentId: string; contextId: string }>;
  /** People whose data is in scope (for a course or platform: everyone enrolled). */
  people: Array<{ _id: unknown; sub: string }>;
  /** People whose Person record goes too (no enrollment left outside the scope). */
  peopleToForget: Array<{ _id: unknown; sub: string }>;
  /** AGS line item + user keys of the grade outbox (grade clocks are keyed by them). */
  gradeKeys: string[];
}

/** Both spellings of an id (ObjectId and string), so a key format change does not hide a record. */
export function idForms(ids: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const id of ids) {
    const s = String(id);
    out.push(s);
    if (/^[a-f0-9]{24}$/i.test(s)) out.push(new Types.ObjectId(s));
  }
  return out;
}

/** Resolves a request to its records. Throws a message that says what to check when nothing matches. */
export async function resolveScope(
  req:
    | { kind: 'student'; personId: string; courseId?: string }
    | { kind: 'course'; courseId: string }
    | { kind: 'platform'; issuer: string; clientId: string },
): Promise<ResolvedScope> {
  let issuer: string;
  let clientId: string;
  let courses: ResolvedScope['courses'];
  let people: ResolvedScope['people'];
  if (req.kind === 'student') {
    const person = await Person.findOne({ _id: { $in: idForms([req.personId]) } }).lean();
    if (!person) throw new Error(`no person with id ${req.personId} (list a course's people with: privacy export --course ID)`);
    const enrolments = await Enrollment.find({
      personId: { $in: idForms([person._id]) },
      ...(req.courseId ? { courseId: { $in: idForms([req.courseId]) } } : {}),
    }).lean();
    courses = await Course.find(
      { _id: { $in: idForms(enrolments.map((e) => e.courseId)) } },
      { deploymentId: 1, contextId: 1, issuer: 1, clientId: 1 },
    ).lean();
    if (req.courseId && courses.length === 0) throw new Error(`person ${req.personId} is not enrolled in course ${req.courseId}`);
    const any = courses[0] as { issuer?: string; clientId?: string } | undefined;
    issuer = person.issuer;
    clientId = any?.clientId ?? '';
    people = [{ _id: person._id, sub: person.sub }];
  } else if (req.kind === 'course') {
    const course = await Course.findOne({ _id: { $in: idForms([req.courseId]) } }).lean();
    if (!course) throw new Error(`no course with id ${req.courseId} (it may already be deleted)`);
    ({ issuer, clientId } = course);
    courses = [course];
    people = await peopleOf(courses);
  } else {
    ({ issuer, clientId } = req);
    courses = await Course.find({ issuer, clientId }, { deploymentId: 1, contextId: 1 }).lean();
    people = await peopleOf(courses);
    const extra = await Person.find({ issuer, _id: { $nin: idForms(people.map((p) => p._id)) } }, { sub: 1 }).lean();
    people = [...people, ...extra];
  }
  const scopeCourseIds = idForms(courses.map((c) => c._id));
  // Whoever is enrolled somewhere outside the scope keeps their Person record.
  const elsewhere = new Set(
    (
      await Enrollment.find(
        { personId: { $in: idForms(people.map((p) => p._id)) }, courseId: { $nin: scopeCourseIds } },
        { personId: 1 },
      ).lean()
    ).map((e) => String(e.personId)),
  );
  const peopleToForget = req.kind === 'platform' ? people : people.filter((p) => !elsewhere.has(String(p._id)));
  const gradeKeys = await gradeKeysOf(scopeCourseIds, req.kind === 'student' ? people : undefined);
  return { kind: req.kind, issuer, clientId, courses, people, peopleToForget, gradeKeys };
}

async function peopleOf(courses: Array<{ _id: unknown }>): Promise<ResolvedScope['people']> {
  const enrolments = await Enrollment.find({ courseId: { $in: idForms(courses.map((c) => c._id)) } }, { personId: 1 }).lean();
  return Person.find({ _id: { $in: idForms(enrolments.map((e) => e.personId)) } }, { sub: 1 }).lean();
}

/** Grade clock keys: from the outbox, and from every line item × person (a clock can outlive its events). */
async function gradeKeysOf(courseIds: unknown[], people?: ResolvedScope['people']): Promise<string[]> {
  const keys = new Set<string>();
  const events = await GradeEvent.find(
    { courseId: { $in: courseIds }, ...(people ? { personId: { $in: idForms(people.map((p) => p._id)) } } : {}) },
    { key: 1 },
  ).lean();
  for (const e of events) keys.add(e.key);
  const activities = await Activity.find({ courseId: { $in: courseIds }, lineItemUrl: { $exists: true } }, { lineItemUrl: 1 }).lean();
  const subsInScope = people ?? (await peopleOf(courseIds.map((_id) => ({ _id }))));
  for (const a of activities) for (const p of subsInScope) if (a.lineItemUrl) keys.add(`${a.lineItemUrl} ${p.sub}`);
  return [...keys];
}

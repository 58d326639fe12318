/**
 * Where a student's activity score goes: the line item (or a placeholder the sender resolves) and
 * the platform identity of course and student,
 * looked up by `_id` and cached (they never change for a given id).
 */
import { currentLineItem, gradesCanFlow, unresolvedLineItem, type ActivityLineItemView } from '../lti/index.ts';
import { Course } from '../repositories/models/Course.ts';
import { Person } from '../repositories/models/Person.ts';
import { Registration } from '../repositories/models/Registration.ts';
import type { Session } from '../session.ts';
import { TtlCache } from '../ttlCache.ts';

/**
 * The line item a learner's score is posted to, or undefined when grades cannot reach the LMS.
 * When the launch gave no line item, a placeholder that the sender resolves (finds or creates
 * the line item) before sending: nothing waits on the LMS while the student answers.
 */
export function gradeLineItem(session: Session, activity: ActivityLineItemView & { _id: unknown }): string | undefined {
  if (session.role !== 'learner' || !gradesCanFlow(activity)) return undefined;
  return currentLineItem(activity) ?? unresolvedLineItem(String(activity._id));
}

export interface GradeIdentity {
  issuer: string;
  clientId: string;
  canvas: boolean;
  userSub: string;
}

const courses = new TtlCache<{ issuer: string; clientId: string; canvas: boolean } | null>(10 * 60_000);
const people = new TtlCache<string | null>(10 * 60_000);

/** Issuer, client and user id of a (course, person), or null when either is gone. */
export async function gradeIdentity(courseId: string, personId: string): Promise<GradeIdentity | null> {
  let course = courses.get(courseId);
  if (course === undefined) {
    const c = await Course.findById(courseId, { issuer: 1, clientId: 1 }).lean();
    const reg = c ? await Registration.findOne({ issuer: c.issuer, clientId: c.clientId }, { productFamily: 1 }).lean() : null;
    course = c ? { issuer: c.issuer, clientId: c.clientId, canvas: reg?.productFamily === 'canvas' } : null;
    courses.set(courseId, course);
  }
  let sub = people.get(personId);
  if (sub === undefined) {
    sub = (await Person.findById(personId, { sub: 1 }).lean())?.sub ?? null;
    people.set(personId, sub);
  }
  if (!course || !sub) return null;
  return { ...course, userSub: sub };
}

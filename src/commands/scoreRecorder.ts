/**
 * Where a student's activity score goes: the line item (one small function, so resolving a
 * missing line item can be added in one place) and the platform identity of course and student,
 * looked up by `_id` and cached (they never change for a given id).
 */
import { SCOPES } from '../lti/index.ts';
import type { ActivityDoc } from '../repositories/models/Activity.ts';
import { Course } from '../repositories/models/Course.ts';
import { Person } from '../repositories/models/Person.ts';
import { Registration } from '../repositories/models/Registration.ts';
import type { Session } from '../session.ts';
import { TtlCache } from '../ttlCache.ts';

/** The line item a learner's score is posted to, or undefined when the activity has no gradebook column. */
export function gradeLineItem(session: Session, activity: Pick<ActivityDoc, 'lineItemUrl' | 'agsScopes'>): string | undefined {
  if (session.role !== 'learner') return undefined;
  if (!activity.lineItemUrl || !activity.agsScopes.includes(SCOPES.score)) return undefined;
  return activity.lineItemUrl;
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

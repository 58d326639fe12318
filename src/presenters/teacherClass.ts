/**
 * The students of a course as the teacher pages list them: everyone who launched (from the
 * course's class summary) and, from the LMS roster (NRPS), those who never opened Pathwise. For
 * one activity, the never-launched come from the members who can see its resource link (NRPS
 * `rlid`) when that list is known, else from the whole course; students who launched are always
 * listed. Those who left or are inactive in the LMS carry a standing that keeps them out of class
 * figures. Names come from launches, the stored roster, or memory in pseudonymous mode.
 */
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { Course } from '../repositories/models/Course.ts';
import { memberRows } from '../repositories/classSummary.ts';
import { rosterOf } from '../repositories/rosters.ts';
import { nameOf as rememberedName, rosterNameOf } from '../commands/privacy/nameCache.ts';

/** An opaque key for a roster member's page (their platform id never appears in a URL or a log). */
export function rosterKeyOf(courseId: string, sub: string): string {
  return createHash('sha256').update(`${courseId}\n${sub}`).digest('hex').slice(0, 16);
}

/**
 * The students of a course with their names (launches and roster), shared by the overview and the
 * exports; with `resourceLinkId`, the never-launched are those who can see that activity.
 */
export async function classOf(courseId: string, resourceLinkId?: string) {
  const cid = new Types.ObjectId(courseId);
  // The learners who launched, from the course's class summary (read by _id, kept at launch).
  const [people, roster, course] = await Promise.all([
    memberRows(courseId),
    rosterOf(cid),
    Course.findById(cid, { issuer: 1, clientId: 1 }).lean(),
  ]);
  // Pseudonymous mode: the stored roster has no names; the LMS roster's names are in memory.
  const fromRoster = (sub: string) =>
    course ? rosterNameOf({ issuer: course.issuer, clientId: course.clientId, courseId }, sub) : undefined;
  const rosterBySub = new Map((roster?.members ?? []).map((m) => [m.sub, m]));
  const launchedSubs = new Set(people.map((p) => p.sub));
  // The activity's own list (a failed one does not count: the course roster stands in).
  const link = resourceLinkId ? roster?.links?.find((l) => l.resourceLinkId === resourceLinkId && !l.failed) : undefined;
  const canSee = link ? new Set(link.subs) : undefined;
  const standing = (sub: string | undefined) => {
    const status = sub ? rosterBySub.get(sub)?.status : undefined;
    if (status === 'Deleted') return 'Has left the course in the LMS; not counted in class figures.';
    if (status === 'Inactive') return 'Is inactive in the LMS course; not counted in class figures.';
    return undefined;
  };
  const launched = people.map((p) => ({
    personId: p.personId,
    // In pseudonymous mode no name is stored: names come from memory (launches, the LMS roster).
    name: p.name || rememberedName(p.personId) || rosterBySub.get(p.sub)?.name || fromRoster(p.sub) || `Student ${p.personId.slice(-4)}`,
    standing: standing(p.sub),
  }));
  const neverLaunched = (roster?.members ?? [])
    .filter((m) => m.role === 'learner' && !launchedSubs.has(m.sub) && (!canSee || canSee.has(m.sub)))
    .map((m) => ({
      personId: undefined as string | undefined,
      rosterKey: rosterKeyOf(courseId, m.sub),
      name: m.name || fromRoster(m.sub) || 'Student',
      standing: standing(m.sub),
    }));
  return { students: [...launched, ...neverLaunched], roster };
}

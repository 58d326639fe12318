/**
 * Course copy for the content studio: when a teacher copies a course in the LMS, the copy's links
 * arrive with new context and resource link ids. The platform names the originals through the
 * history substitutions Pathwise asks for in every registration (`$Context.id.history` as custom
 * `context_history`, `$ResourceLink.id.history` as `resource_link_history`); the copy then receives
 * the questions and resource lists the teachers added to the newest original Pathwise knows, once,
 * on its first launch. Only content: never students' answers, progress or fitted parameters, and
 * only from a course of the same platform registration (issuer + client), so one school's copy
 * never reads another's.
 */
import { Types } from 'mongoose';
import { historyIds } from './activityInheritance.ts';
import { copyCourseContent } from '../repositories/courseContent.ts';
import { Activity } from '../repositories/models/Activity.ts';
import { Course } from '../repositories/models/Course.ts';
import { TtlCache } from '../ttlCache.ts';

/** Courses whose inheritance is settled (done, or nothing to inherit), so repeat launches skip the look-up. */
const settled = new TtlCache<true>(10 * 60_000);

/** The newest original of a copied course known to Pathwise in the same registration, if any. */
async function originalOf(p: {
  courseId: string;
  issuer: string;
  clientId: string;
  contextHistory?: string;
  resourceLinkHistory?: string;
}) {
  const self = new Types.ObjectId(p.courseId);
  const contexts = historyIds(p.contextHistory);
  if (contexts.length) {
    const found = await Course.find(
      { issuer: p.issuer, clientId: p.clientId, contextId: { $in: contexts }, _id: { $ne: self } },
      {
        contextId: 1,
      },
    ).lean();
    // History lists the newest first.
    const newest = contexts.map((id) => found.find((c) => c.contextId === id)).find(Boolean);
    if (newest) return String(newest._id);
  }
  // A platform that fills only the link history: the original link's course.
  const links = historyIds(p.resourceLinkHistory);
  if (links.length === 0) return undefined;
  const courses = await Course.find({ issuer: p.issuer, clientId: p.clientId, _id: { $ne: self } }, { _id: 1 }).lean();
  const activities = await Activity.find(
    { resourceLinkId: { $in: links }, courseId: { $in: courses.map((c) => c._id) } },
    { resourceLinkId: 1, courseId: 1 },
  ).lean();
  const newest = links.map((id) => activities.find((a) => a.resourceLinkId === id)).find(Boolean);
  return newest ? String(newest.courseId) : undefined;
}

/** On a launch that carries history: copies the original's studio content into the course, once. */
export async function inheritCourseContent(p: {
  courseId: string;
  issuer: string;
  clientId: string;
  contextHistory?: string;
  resourceLinkHistory?: string;
}): Promise<boolean> {
  if (settled.get(p.courseId)) return false;
  if (historyIds(p.contextHistory).length === 0 && historyIds(p.resourceLinkHistory).length === 0) return false;
  const from = await originalOf(p);
  const copied = from ? await copyCourseContent(from, p.courseId) : false;
  settled.set(p.courseId, true);
  return copied;
}

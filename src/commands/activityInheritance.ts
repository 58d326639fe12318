/**
 * Course copy: a copied course's links arrive with new resource link and context ids. When the
 * platform fills `$ResourceLink.id.history` (custom `resource_link_history`), the new activity
 * takes over its original's settings — skills, grading mode, mastery threshold — once, on its
 * first launch. Never students' data, and only from an activity of the same platform
 * registration (issuer + client), so one school's copy never reads another's.
 */
import { Types } from 'mongoose';
import { Activity } from '../repositories/models/Activity.ts';
import { Course } from '../repositories/models/Course.ts';

/** Ids from a history custom value; an unsubstituted variable ("$ResourceLink.id.history") gives none. */
export function historyIds(raw: string | undefined): string[] {
  if (!raw || raw.startsWith('$')) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 20);
}

export async function inheritFromHistory(p: {
  activityId: string;
  issuer: string;
  clientId: string;
  resourceLinkHistory?: string;
}): Promise<boolean> {
  const ids = historyIds(p.resourceLinkHistory);
  if (ids.length === 0) return false;
  const courses = await Course.find({ issuer: p.issuer, clientId: p.clientId }, { _id: 1 }).lean();
  const sources = await Activity.find({
    resourceLinkId: { $in: ids },
    courseId: { $in: courses.map((c) => c._id) },
    _id: { $ne: new Types.ObjectId(p.activityId) },
  }).lean();
  // The most recent ancestor wins: history lists the newest first.
  const source = ids.map((id) => sources.find((a) => a.resourceLinkId === id)).find(Boolean);
  if (!source) return false;
  const target = await Activity.findById(p.activityId, { skillIds: 1 }).lean();
  const set: Record<string, unknown> = {
    inheritedFrom: source._id,
    gradingMode: source.gradingMode,
    masteryThreshold: source.masteryThreshold,
  };
  if (!target?.skillIds?.length && source.skillIds.length) set.skillIds = source.skillIds;
  const r = await Activity.updateOne({ _id: p.activityId, inheritedFrom: { $exists: false } }, { $set: set });
  return r.modifiedCount === 1;
}

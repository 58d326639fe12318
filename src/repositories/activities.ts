/**
 * Finding an activity within its course (the tenant). Read by `_id` alone, then checked against
 * the course here: FerretDB 1.24 uses the `_id` index only for a filter on `_id` alone, so
 * `{ _id, courseId }` would read every activity of the installation.
 */
import { Types } from 'mongoose';
import { Activity, type ActivityDoc } from './models/Activity.ts';

/** The activity if it exists and belongs to the course; null otherwise (also for a malformed id). */
export async function activityInCourse(courseId: string | Types.ObjectId, activityId: string): Promise<ActivityDoc | null> {
  if (!Types.ObjectId.isValid(activityId)) return null;
  const doc = await Activity.findById(activityId).lean<ActivityDoc>();
  return doc && String(doc.courseId) === String(courseId) ? doc : null;
}

/** When this process last recorded a view of each activity's overview (at most one write per hour each). */
const viewNoted = new Map<string, number>();
const HOUR = 3_600_000;

/**
 * Records that a teacher opened the activity's class overview, so the next start-up prepares it
 * (presenters/overviewWarmer.ts). One write by `_id` per activity and hour at most.
 */
export async function noteOverviewViewed(activityId: string, now = Date.now()): Promise<void> {
  if (now - (viewNoted.get(activityId) ?? -Infinity) < HOUR) return;
  if (viewNoted.size > 10_000) viewNoted.clear();
  viewNoted.set(activityId, now);
  await Activity.collection.updateOne({ _id: new Types.ObjectId(activityId) }, { $set: { overviewViewedAt: new Date(now) } });
}

/** Activities whose overview a teacher opened since `since`, most recent first (a scan of activities: start-up only). */
export async function recentlyViewedActivities(since: Date, limit: number): Promise<{ activityId: string; courseId: string }[]> {
  const docs = await Activity.find({ overviewViewedAt: { $gte: since } }, { courseId: 1, overviewViewedAt: 1 })
    .sort({ overviewViewedAt: -1 })
    .limit(limit)
    .lean();
  return docs.map((d) => ({ activityId: String(d._id), courseId: String(d.courseId) }));
}

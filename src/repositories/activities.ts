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

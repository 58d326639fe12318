/**
 * A course's roster (models/Roster.ts) is found by `_id`, which is the course's own id: the
 * teacher's page reads it on every view, and a filter on `courseId` would read every roster of
 * the installation on the embedded engine (FerretDB uses an index only for `_id`). Rosters stored
 * before they were keyed so are moved at start-up (`rekeyRosters`).
 */
import { Types } from 'mongoose';
import type { Logger } from '../logger.ts';
import { Roster, type RosterDoc } from './models/Roster.ts';

const idOf = (courseId: string | Types.ObjectId) => new Types.ObjectId(String(courseId));

/** The course's roster as last fetched from the LMS, or null. */
export async function rosterOf(courseId: string | Types.ObjectId): Promise<RosterDoc | null> {
  return Roster.findById(idOf(courseId)).lean<RosterDoc>();
}

/** One atomic update of the course's roster, created if absent. */
export async function updateRoster(courseId: string | Types.ObjectId, set: Record<string, unknown>, unset: Record<string, 1> = {}) {
  const cid = idOf(courseId);
  await Roster.updateOne(
    { _id: cid },
    { $set: set, $setOnInsert: { courseId: cid }, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
    { upsert: true },
  );
}

/**
 * Moves rosters stored under another `_id` to their course's id, and drops the unique index on
 * `courseId` they needed. Idempotent: the copy is written before the old document is deleted, so
 * a crash in between leaves two documents that the next start moves again (the roster is the
 * LMS's list, fetched again when stale, so nothing of Pathwise's own is at stake).
 */
export async function rekeyRosters(log: Logger): Promise<number> {
  const c = Roster.collection;
  const unique = (await c.indexes().catch(() => [])).find((i) => JSON.stringify(i.key) === JSON.stringify({ courseId: 1 }));
  if (unique?.name) await c.dropIndex(unique.name);
  const stray = (await c.find({}, { projection: { courseId: 1 } }).toArray()).filter(
    (d) => d.courseId && String(d._id) !== String(d.courseId),
  );
  for (const { _id, courseId } of stray) {
    const doc = await c.findOne({ _id });
    if (!doc) continue;
    await c.replaceOne({ _id: courseId }, { ...doc, _id: courseId }, { upsert: true });
    await c.deleteOne({ _id });
  }
  if (stray.length) log.info({ moved: stray.length }, 'rosters re-keyed by course id');
  return stray.length;
}

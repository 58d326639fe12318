/**
 * The grade outbox and its archive (see models/GradeEvent.ts). Every write is by `_id`; the one
 * scan reads the outbox, which holds only unfinished events.
 */
import { Types } from 'mongoose';
import { concurrencyMode, guarded, withKeyLock } from '../db/concurrency.ts';
import { GradeArchive, GradeEvent, type GradeEventDoc } from './models/GradeEvent.ts';

const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

export type NewGradeEvent = Omit<
  GradeEventDoc,
  'status' | 'attempts' | 'nextAttemptAt' | 'createdAt' | 'updatedAt' | 'leaseUntil' | 'leaseOwner' | 'lastStatus' | 'lastError' | 'refusal'
>;

/** Records an event; recording the same `_id` again is a no-op (also once it has been archived). */
export async function recordGradeEvent(ev: NewGradeEvent): Promise<void> {
  if (await GradeArchive.exists({ _id: ev._id })) return;
  await GradeEvent.create(ev).catch((err: unknown) => {
    if (!isDuplicate(err)) throw err;
  });
}

/** Unfinished events that may be sent (pending or leased), oldest timestamp first. */
export async function outstandingEvents(): Promise<GradeEventDoc[]> {
  const rows = await GradeEvent.find({ status: { $in: ['pending', 'sending'] } }).lean<GradeEventDoc[]>();
  return rows.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.seq - b.seq));
}

/**
 * Takes a lease on a pending event; null when another sender took it first. MongoDB: the guard is
 * in the update's filter. Embedded engine (one process, any number of senders in it, e.g. two
 * apps on one database): the event is read again under its key lock and the guard checked there.
 */
export async function claimEvent(ev: GradeEventDoc, owner: string, leaseMs: number): Promise<GradeEventDoc | null> {
  return withKeyLock(`grade:${ev._id}`, async () => {
    const cur = concurrencyMode() === 'lock' ? await GradeEvent.findById(ev._id).lean<GradeEventDoc>() : ev;
    if (!cur) return null;
    const now = new Date();
    const free = cur.status === 'pending' || (cur.status === 'sending' && cur.leaseUntil != null && cur.leaseUntil < now);
    if (!free) return null;
    const guard = cur.status === 'pending' ? { status: 'pending' } : { status: 'sending', leaseUntil: cur.leaseUntil };
    return GradeEvent.findOneAndUpdate(
      guarded(cur._id, guard),
      { $set: { status: 'sending', leaseUntil: new Date(now.getTime() + leaseMs), leaseOwner: owner }, $inc: { attempts: 1 } },
      { new: true },
    ).lean<GradeEventDoc>();
  });
}

/** Puts an event back to wait until `at`. */
export async function retryLater(id: string, at: Date, lastStatus: number, lastError: string): Promise<void> {
  await GradeEvent.updateOne(
    { _id: id },
    { $set: { status: 'pending', nextAttemptAt: at, lastStatus, lastError }, $unset: { leaseUntil: '', leaseOwner: '' } },
  );
}

/** A refusal a person must see: kept in the outbox, shown to the teacher, retried on request. */
export async function markRejected(id: string, lastStatus: number, lastError: string, refusal: string): Promise<void> {
  await GradeEvent.updateOne(
    { _id: id },
    { $set: { status: 'rejected', lastStatus, lastError, refusal }, $unset: { leaseUntil: '', leaseOwner: '' } },
  );
}

/** Moves a finished event (sent or superseded) to the archive, then out of the outbox. */
export async function archiveEvent(
  ev: GradeEventDoc,
  status: 'sent' | 'superseded',
  lastStatus: number,
  lastError?: string,
): Promise<void> {
  const { leaseUntil: _l, leaseOwner: _o, ...rest } = ev;
  await GradeArchive.create({ ...rest, status, lastStatus, ...(lastError ? { lastError } : {}), archivedAt: new Date() }).catch(
    (err: unknown) => {
      if (!isDuplicate(err)) throw err;
    },
  );
  await GradeEvent.deleteOne({ _id: ev._id });
}

/** An event wherever it is now (outbox or archive). */
export async function findGradeEvent(id: string): Promise<GradeEventDoc | null> {
  return (await GradeEvent.findById(id).lean<GradeEventDoc>()) ?? (await GradeArchive.findById(id).lean<GradeEventDoc>());
}

/** Refused grades of a course, newest first, for the teacher page. */
export async function rejectedInCourse(courseId: string, limit = 20): Promise<GradeEventDoc[]> {
  const rows = await GradeEvent.find({ courseId: new Types.ObjectId(courseId), status: 'rejected' }).lean<GradeEventDoc[]>();
  return rows.sort((a, b) => (a.timestamp > b.timestamp ? -1 : 1)).slice(0, limit);
}

/** The teacher asked to try the refused grades of a course again. */
export async function retryRejectedInCourse(courseId: string): Promise<number> {
  const r = await GradeEvent.updateMany(
    { courseId: new Types.ObjectId(courseId), status: 'rejected' },
    { $set: { status: 'pending', nextAttemptAt: new Date(), attempts: 0 }, $unset: { refusal: '' } },
  );
  return r.modifiedCount;
}

/**
 * The class overview's summaries (models/ClassSummary.ts): small documents read by `_id`, so the
 * overview of 3,000 students is ~40 `_id` reads instead of a scan of every progress document.
 *
 * Correctness ("nothing lost", never stale for long):
 * - A progress row carries the progress document's `version`; it is written after every progress
 *   write (progressRepository.ts) with a guard that it only moves forward. On MongoDB the guard is
 *   in the update's filter (atomic); on the embedded engine (one process, see db/concurrency.ts)
 *   every write to a summary document runs under that document's in-process lock, in the order
 *   the progress writes happened.
 * - Missing or incomplete summaries are rebuilt from progress (and enrolments) on first read; the
 *   reconciler rewrites rows a crash left behind their progress (`reconcileSummaries`).
 * - Every write marks its bucket written for the in-process copies (summaryCache.ts).
 */
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { concurrencyMode, guarded, withKeyLock, WrittenVersions } from '../db/concurrency.ts';
import { ClassSummary } from './models/ClassSummary.ts';
import { bucketWritten, readSummary, type StoredRow } from './summaryCache.ts';
import { Enrollment } from './models/Enrollment.ts';
import { Person } from './models/Person.ts';
import { Progress, progressKey, type ProgressDoc } from './models/Progress.ts';
import {
  packMemberRow,
  packProgressRow,
  rowVersion,
  unpackMemberRow,
  unpackProgressRow,
  versionText,
  type OverviewState,
} from './summaryRows.ts';

export type { OverviewState } from './summaryRows.ts';
export const PROGRESS_BUCKETS = 32;
export const MEMBER_BUCKETS = 8;

export type ProgressRow = { personId: string; version: number; state: OverviewState };
export type MemberRow = { personId: string; sub: string; name: string };
/** One row to put: the stored string, its version (progress rows) and the skill-id list it refers to. */
type RowPut = { personId: string; row: string; v?: number; key?: { id: string; skills: string[] } };

const bucketOf = (personId: string, buckets: number) => createHash('sha1').update(personId).digest().readUInt16BE(0) % buckets;
const progressBucketId = (activityId: string, b: number) => `progress:${activityId}:${b}`;
const memberBucketId = (courseId: string, b: number) => `members:${courseId}:${b}`;
const progressPut = (d: Pick<ProgressDoc, 'personId' | 'version' | 'state'>): RowPut => {
  const v = d.version ?? 0;
  return { personId: String(d.personId), v, ...packProgressRow(v, d.state) };
};

/** Which row versions this process wrote last (embedded engine only: one process writes). */
const written = new WrittenVersions();

/** The fields one update sets for `rows`: each row, and the skill-id lists they refer to. */
const setOf = (rows: RowPut[]) =>
  Object.fromEntries(rows.flatMap((r) => [[`rows.${r.personId}`, r.row], ...(r.key ? [[`keys.${r.key.id}`, r.key.skills]] : [])]));

/**
 * Writes rows of one summary document, each only if newer than the stored row (versioned rows).
 * `rows` is computed under the document's lock (embedded engine), so it sees every earlier write.
 * Embedded engine: one upsert by `_id` (the lock orders the writes). MongoDB: the document is
 * created if absent, then one update per row guarded on the row's version (a string comparison:
 * versions are stored fixed-width; a row of the earlier format is replaced up to its own `v`).
 */
async function putRows(id: string, fields: { courseId: unknown; activityId?: unknown }, compute: () => Promise<RowPut[]> | RowPut[]) {
  await withKeyLock(`summary:${id}`, async () => {
    const set = await writeRows(ClassSummary.collection, id, fields, await compute()).catch((err: unknown) => {
      bucketWritten(id); // it may have landed
      throw err;
    });
    bucketWritten(id, set);
  });
}

/** Writes the rows; in `lock` mode returns the fields set (applied to the in-process copy). */
async function writeRows(c: typeof ClassSummary.collection, id: string, fields: Record<string, unknown>, rows: RowPut[]) {
  const lock = concurrencyMode() === 'lock';
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    if (lock || chunk.every((r) => r.v === undefined)) {
      await c.updateOne({ _id: id as never }, { $set: setOf(chunk), $setOnInsert: fields }, { upsert: true });
      continue;
    }
    await c.updateOne({ _id: id as never }, { $setOnInsert: { ...fields, rows: {} } }, { upsert: true });
    // A late write never replaces a newer row: the guard is in each update's filter.
    await c.bulkWrite(
      chunk.map((r) => {
        const at = `rows.${r.personId}`;
        const older = [{ [at]: { $lt: versionText(r.v ?? 0) } }, { [at]: { $exists: false } }, { [`${at}.v`]: { $lte: r.v } }];
        return { updateOne: { filter: guarded(id, { $or: older }) as never, update: { $set: setOf([r]) } } };
      }),
      { ordered: false },
    );
  }
  return lock ? setOf(rows) : undefined;
}

/** Records a progress document's current state in its activity's summary (after each progress write). */
export async function writeProgressRow(p: Pick<ProgressDoc, '_id' | 'courseId' | 'activityId' | 'personId' | 'version' | 'state'>) {
  const put = progressPut(p);
  await putRows(
    progressBucketId(String(p.activityId), bucketOf(put.personId, PROGRESS_BUCKETS)),
    { courseId: p.courseId, activityId: p.activityId },
    () => [put],
  );
  written.wrote(p._id, put.v!);
}

/** Records a learner of a course (at launch); `name` is what the person record stores ('' when pseudonymous). */
export async function writeMemberRow(courseId: string, m: MemberRow): Promise<void> {
  await putRows(memberBucketId(courseId, bucketOf(m.personId, MEMBER_BUCKETS)), { courseId: new Types.ObjectId(courseId) }, () => [
    { personId: m.personId, row: packMemberRow(m.sub, m.name) },
  ]);
}

/** Someone who is not (or no longer) a learner of the course: no row in its class list. */
export async function removeMemberRow(courseId: string, personId: string): Promise<void> {
  const id = memberBucketId(courseId, bucketOf(personId, MEMBER_BUCKETS));
  await withKeyLock(`summary:${id}`, () =>
    ClassSummary.updateOne({ _id: id }, { $unset: { [`rows.${personId}`]: '' } }).finally(() => bucketWritten(id)),
  );
}

/** Marks a summary complete from birth: an activity or course just created has no rows to miss. */
export async function markSummaryComplete(kind: 'progress' | 'members', key: string, courseId: string): Promise<void> {
  await ClassSummary.updateOne(
    { _id: `${kind}:${key}:meta` },
    {
      $set: { complete: true },
      $setOnInsert: { courseId: new Types.ObjectId(courseId), ...(kind === 'progress' ? { activityId: new Types.ObjectId(key) } : {}) },
    },
    { upsert: true },
  );
}

/** Removes a row that cannot be read, unless it has been replaced meanwhile (so it can be written again). */
async function dropDamagedRow(id: string, personId: string, stored: unknown): Promise<void> {
  const at = `rows.${personId}`;
  await withKeyLock(`summary:${id}`, () =>
    ClassSummary.collection.updateOne(guarded(id, { [at]: stored }) as never, { $unset: { [at]: '' } }).finally(() => bucketWritten(id)),
  );
}

const readBuckets = (kind: 'progress' | 'members', key: string, buckets: number) =>
  readSummary(
    `${kind}:${key}`,
    Array.from({ length: buckets }, (_, b) => `${kind}:${key}:${b}`),
  );

/**
 * Every student's row of an activity as stored (decode with `unpackProgressRow(stored, keys)`),
 * rebuilt from progress first when the summary is not complete.
 */
export async function storedProgressRows(courseId: string, activityId: string): Promise<StoredRow[]> {
  let read = await readBuckets('progress', activityId, PROGRESS_BUCKETS);
  if (!read.complete) {
    await rebuildProgressRows(courseId, activityId);
    read = await readBuckets('progress', activityId, PROGRESS_BUCKETS);
  }
  return read.rows;
}

/** A row that cannot be read (damaged) is written again from its progress document, which is returned. */
export async function repairProgressRow(activityId: string, personId: string, stored: unknown): Promise<ProgressRow | undefined> {
  const fresh = await Progress.findById(progressKey(activityId, personId)).lean<ProgressDoc>();
  if (!fresh) return undefined;
  await dropDamagedRow(progressBucketId(activityId, bucketOf(personId, PROGRESS_BUCKETS)), personId, stored);
  await writeProgressRow(fresh);
  return { personId, version: fresh.version ?? 0, state: fresh.state };
}

/** Every student's row of an activity, decoded (damaged rows repaired from progress). */
export async function progressRows(courseId: string, activityId: string): Promise<ProgressRow[]> {
  const out: ProgressRow[] = [];
  for (const [personId, stored, keys] of await storedProgressRows(courseId, activityId)) {
    const row = unpackProgressRow(stored, keys) ?? (await repairProgressRow(activityId, personId, stored));
    if (row) out.push({ personId, ...row });
  }
  return out;
}

/** The course's learners as launched (sub and stored name), rebuilt from enrolments when not complete. */
export async function memberRows(courseId: string): Promise<MemberRow[]> {
  let read = await readBuckets('members', courseId, MEMBER_BUCKETS);
  if (!read.complete) {
    await rebuildMemberRows(courseId);
    read = await readBuckets('members', courseId, MEMBER_BUCKETS);
  }
  const out: MemberRow[] = [];
  for (const [personId, stored] of read.rows) {
    const m = unpackMemberRow(stored);
    if (m) {
      out.push({ personId, ...m });
      continue;
    }
    // A damaged row: written again from the person record.
    const p = await Person.findById(personId, { name: 1, sub: 1 }).lean();
    if (!p) continue;
    await writeMemberRow(courseId, { personId, sub: p.sub, name: p.name ?? '' });
    out.push({ personId, sub: p.sub, name: p.name ?? '' });
  }
  return out;
}

type RowSource = Pick<ProgressDoc, '_id' | 'courseId' | 'activityId' | 'personId' | 'version' | 'state'>;

/** Puts rows for the given progress documents (a rebuild, or seeding a benchmark). */
export async function putProgressRows(docs: RowSource[]) {
  const groups = new Map<string, { fields: { courseId: unknown; activityId: unknown }; docs: RowSource[] }>();
  for (const d of docs) {
    const id = progressBucketId(String(d.activityId), bucketOf(String(d.personId), PROGRESS_BUCKETS));
    const g = groups.get(id) ?? { fields: { courseId: d.courseId, activityId: d.activityId }, docs: [] };
    g.docs.push(d);
    groups.set(id, g);
  }
  for (const [id, g] of groups) {
    await putRows(id, g.fields, async () => {
      const rows: RowPut[] = [];
      for (let d of g.docs) {
        // Embedded engine: a document this process wrote since it was read is read again (under the lock).
        if (concurrencyMode() === 'lock' && !written.isCurrent(d._id, d.version ?? 0))
          d = (await Progress.findById(d._id).lean<ProgressDoc>()) ?? d;
        rows.push(progressPut(d));
      }
      return rows;
    });
  }
}

async function rebuildProgressRows(courseId: string, activityId: string): Promise<void> {
  const docs = await Progress.find(
    { courseId: new Types.ObjectId(courseId), activityId: new Types.ObjectId(activityId) },
    {
      courseId: 1,
      activityId: 1,
      personId: 1,
      version: 1,
      'state.skills': 1,
      'state.lastActiveAt': 1,
      'state.createdAt': 1,
      'state.chosenSkill': 1,
    },
  ).lean<ProgressDoc[]>();
  await putProgressRows(docs);
  await markSummaryComplete('progress', activityId, courseId);
  // Buckets no row was written to (the summary was deleted whole) must not be served from a copy.
  for (let b = 0; b < PROGRESS_BUCKETS; b++) bucketWritten(progressBucketId(activityId, b));
}

/** Puts learner rows of a course (a rebuild, or seeding a benchmark). */
export async function putMemberRows(courseId: string, members: MemberRow[]): Promise<void> {
  const groups = new Map<number, RowPut[]>();
  for (const m of members) {
    const b = bucketOf(m.personId, MEMBER_BUCKETS);
    groups.set(b, [...(groups.get(b) ?? []), { personId: m.personId, row: packMemberRow(m.sub, m.name) }]);
  }
  const fields = { courseId: new Types.ObjectId(courseId) };
  for (const [b, rows] of groups) await putRows(memberBucketId(courseId, b), fields, () => rows);
}

async function rebuildMemberRows(courseId: string): Promise<void> {
  const enrolled = await Enrollment.find({ courseId: new Types.ObjectId(courseId), role: 'learner' }, { personId: 1 }).lean();
  const people = await Person.find({ _id: { $in: enrolled.map((e) => e.personId) } }, { name: 1, sub: 1 }).lean();
  await putMemberRows(
    courseId,
    people.map((p) => ({ personId: String(p._id), sub: p.sub, name: p.name ?? '' })),
  );
  await markSummaryComplete('members', courseId, courseId);
  for (let b = 0; b < MEMBER_BUCKETS; b++) bucketWritten(memberBucketId(courseId, b));
}

/**
 * The reconciler's part: every progress row whose version differs from its progress document (a
 * crash or a database error between the two writes), or that is stored in the earlier format or
 * cannot be read, is written again from the document.
 */
export async function reconcileSummaries(): Promise<{ stale: number }> {
  const versions = new Map<string, Map<string, number>>();
  const stale: string[] = [];
  for await (const p of Progress.find({}, { activityId: 1, personId: 1, version: 1 }).lean<ProgressDoc[]>().cursor()) {
    const doc = p as unknown as ProgressDoc;
    const aid = String(doc.activityId);
    let known = versions.get(aid);
    if (!known) {
      const read = await readBuckets('progress', aid, PROGRESS_BUCKETS);
      // An incomplete summary is rebuilt whole on its first read: nothing to repair row by row.
      // A row of the earlier format (not a string) counts as behind, so it is rewritten packed.
      known = read.complete
        ? new Map(read.rows.map(([pid, r]) => [pid, typeof r === 'string' ? (rowVersion(r) ?? -1) : -1]))
        : new Map([['*', -1]]);
      versions.set(aid, known);
    }
    if (known.has('*')) continue;
    if (known.get(String(doc.personId)) !== (doc.version ?? 0)) stale.push(doc._id);
  }
  for (const id of stale) {
    const fresh = await Progress.findById(id).lean<ProgressDoc>();
    if (fresh) await writeProgressRow(fresh);
  }
  return { stale: stale.length };
}

/**
 * Reads and writes a course's own questions and resources (see models/CourseContent.ts), and
 * builds the course's pack for practice: the bundled pack plus these. Every query is scoped by the
 * course id; the merged pack is cached briefly and the cache is cleared on every write here.
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { type Pack } from '../domain/content/index.ts';
import { loadBundledPack } from './packFiles.ts';
import { withCourseContent } from '../domain/content/import/studio.ts';
import type { Resource as PackResource } from '../domain/content/types.ts';

type Resource = PackResource & { language?: string };
import { CourseContent } from './models/CourseContent.ts';
import { TtlCache } from '../ttlCache.ts';

const packs = new TtlCache<Pack>(30_000);
const oid = (courseId: string): Types.ObjectId => new Types.ObjectId(courseId);

export interface CourseItem {
  id: string;
  skillId: string;
  source: string;
  item: Record<string, unknown>;
}

/**
 * The course's imported questions, oldest first: those of each confirmed upload and single ones
 * (copied from older versions). A question id met twice is the newer one.
 */
export async function listCourseItems(courseId: string): Promise<CourseItem[]> {
  const docs = await CourseContent.find({ courseId: oid(courseId), kind: { $in: ['item', 'upload'] } })
    .sort({ updatedAt: 1, key: 1 })
    .lean();
  const byId = new Map<string, CourseItem>();
  for (const d of docs) {
    const items = (d.kind === 'item' ? [d.item] : (d.items ?? [])) as Record<string, unknown>[];
    for (const item of items) {
      const id = String(item.id);
      byId.delete(id);
      byId.set(id, { id, skillId: ((item.skills as string[]) ?? [])[0] ?? '', source: d.source ?? '', item });
    }
  }
  return [...byId.values()];
}

/** Adds questions as one upload: one atomic write, all of them or none. */
export async function saveCourseItems(courseId: string, items: Record<string, unknown>[], source: string): Promise<void> {
  await CourseContent.create({
    courseId: oid(courseId),
    kind: 'upload',
    key: randomBytes(16).toString('hex'),
    items,
    source,
    updatedAt: new Date(),
  });
  contentChanged();
}

/**
 * Removes a question wherever it is. Each write is one document, guarded by the document's last
 * change (a concurrent change is read again), and running it again changes nothing.
 */
export async function removeCourseItem(courseId: string, itemId: string): Promise<boolean> {
  const single = await CourseContent.deleteOne({ courseId: oid(courseId), kind: 'item', key: itemId });
  let removed = single.deletedCount > 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    const uploads = await CourseContent.find({ courseId: oid(courseId), kind: 'upload' }, { items: 1, updatedAt: 1 }).lean();
    const holding = uploads.filter((d) => ((d.items ?? []) as { id?: unknown }[]).some((i) => i.id === itemId));
    if (holding.length === 0) break;
    for (const d of holding) {
      const rest = ((d.items ?? []) as { id?: unknown }[]).filter((i) => i.id !== itemId);
      const guard = { _id: d._id, updatedAt: d.updatedAt };
      const r = rest.length
        ? await CourseContent.updateOne(guard, { $set: { items: rest, updatedAt: new Date() } })
        : await CourseContent.deleteOne(guard);
      if (('modifiedCount' in r ? r.modifiedCount : r.deletedCount) > 0) removed = true;
    }
  }
  contentChanged();
  return removed;
}

/** Clears the cached course packs after a write (also used by studioUploads.ts). */
export function contentChanged(): void {
  packs.clear();
}

/** The course's list for each skill it changed. */
export async function courseResources(courseId: string): Promise<Map<string, { resources: Resource[]; broken: Record<string, string> }>> {
  const docs = await CourseContent.find({ courseId: oid(courseId), kind: 'resources' }).lean();
  // Stored as a list: URLs contain dots, which a document's field names may not.
  return new Map(
    docs.map((d) => [
      d.key,
      {
        resources: (d.resources ?? []) as Resource[],
        broken: Object.fromEntries(((d.broken ?? []) as { url: string; reason: string }[]).map((b) => [b.url, b.reason])),
      },
    ]),
  );
}

/** Replaces a skill's list in one write (add, reorder and remove all go through here). */
export async function setSkillResources(
  courseId: string,
  skillId: string,
  resources: Resource[],
  broken: Record<string, string> = {},
): Promise<void> {
  await CourseContent.updateOne(
    { courseId: oid(courseId), kind: 'resources', key: skillId },
    { $set: { resources, broken: Object.entries(broken).map(([url, reason]) => ({ url, reason })), updatedAt: new Date() } },
    { upsert: true },
  );
  packs.clear();
}

/**
 * Course copy: gives `toCourseId` the questions and resource lists of `fromCourseId`, once. Each
 * copy is an insert-if-missing (so a retry after a crash changes nothing already there), and the
 * "copied" record is written last: a course that has it never receives its original's content
 * again (a question the teacher removed from the copy stays removed). Returns false when done before.
 */
export async function copyCourseContent(fromCourseId: string, toCourseId: string): Promise<boolean> {
  const to = oid(toCourseId);
  if (await CourseContent.exists({ courseId: to, kind: 'copied' })) return false;
  const docs = await CourseContent.find({ courseId: oid(fromCourseId), kind: { $in: ['item', 'upload', 'resources'] } }).lean();
  const now = new Date();
  if (docs.length)
    await CourseContent.bulkWrite(
      docs.map((d) => ({
        updateOne: {
          filter: { courseId: to, kind: d.kind, key: d.key },
          update: {
            $setOnInsert: {
              ...(d.kind === 'item'
                ? { item: d.item, source: d.source }
                : d.kind === 'upload'
                  ? { items: d.items, source: d.source }
                  : { resources: d.resources, broken: d.broken ?? [] }),
              updatedAt: now,
            },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  await CourseContent.updateOne(
    { courseId: to, kind: 'copied', key: 'origin' },
    { $setOnInsert: { source: fromCourseId, updatedAt: now } },
    { upsert: true },
  );
  packs.clear();
  return true;
}

/** The pack a course's activities practise from: the bundled pack with the course's content. */
export async function coursePack(courseId: string): Promise<Pack> {
  const hit = packs.get(courseId);
  if (hit) return hit;
  const bundled = loadBundledPack();
  const [items, resources] = await Promise.all([listCourseItems(courseId), courseResources(courseId)]);
  const pack =
    items.length === 0 && resources.size === 0
      ? bundled
      : withCourseContent(
          bundled,
          items.map((i) => i.item),
          new Map([...resources].map(([k, v]) => [k, v.resources.map(({ language: _l, ...r }) => r)])),
        ).pack;
  packs.set(courseId, pack);
  return pack;
}

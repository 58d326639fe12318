/**
 * An upload between the teacher's "Check my questions" and "Add to my course": the checked
 * questions are kept on the server as a draft of the course (models/CourseContent.ts, kind
 * "draft"), so the preview page carries only the draft's id, however many questions it has, and
 * the browser cannot change a question on the way back. Confirming turns the draft into the
 * course's upload in one atomic single-document write: all the chosen questions or none, and a
 * second confirm of the same draft finds nothing to add. Drafts older than a day are removed.
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { CourseContent } from './models/CourseContent.ts';
import { contentChanged } from './courseContent.ts';

const DRAFT_DAYS = 1;
const oid = (courseId: string): Types.ObjectId => new Types.ObjectId(courseId);

export const DRAFT_ID = /^[a-f0-9]{32}$/;

/** Keeps a checked upload until the teacher confirms it; returns its id. */
export async function saveDraft(courseId: string, items: Record<string, unknown>[], source: string): Promise<string> {
  const key = randomBytes(16).toString('hex');
  await CourseContent.deleteMany({
    courseId: oid(courseId),
    kind: 'draft',
    updatedAt: { $lt: new Date(Date.now() - DRAFT_DAYS * 86_400_000) },
  });
  await CourseContent.create({ courseId: oid(courseId), kind: 'draft', key, items, source, updatedAt: new Date() });
  return key;
}

/** A draft of this course, or undefined when it was confirmed already or has expired. */
export async function loadDraft(courseId: string, key: string): Promise<{ items: Record<string, unknown>[]; source: string } | undefined> {
  const d = await CourseContent.findOne({ courseId: oid(courseId), kind: 'draft', key }).lean();
  return d ? { items: (d.items ?? []) as Record<string, unknown>[], source: d.source ?? '' } : undefined;
}

/** Adds the chosen questions of a draft to the course in one write; false when the draft is gone. */
export async function confirmDraft(courseId: string, key: string, items: Record<string, unknown>[]): Promise<boolean> {
  const r = await CourseContent.updateOne(
    { courseId: oid(courseId), kind: 'draft', key },
    { $set: { kind: 'upload', items, updatedAt: new Date() } },
  );
  contentChanged();
  return r.modifiedCount === 1;
}

/**
 * What the teacher's class overview reads, kept by `_id` so that reading it never scans a
 * collection (FerretDB 1.24 uses an index only for a filter on `_id` alone). Derived data: every
 * row is rebuilt from progress documents (and enrolments) when missing, so a summary document can
 * always be deleted (privacy deletion deletes the summaries of the student's courses).
 *
 * - `progress:<activityId>:<bucket>`: one row per student of the activity, in one of BUCKETS
 *   documents by a hash of the person id: the progress document's `version` and the few fields of
 *   its state the overview needs, packed as one string (summaryRows.ts), and `keys`, the lists of
 *   skill ids those strings refer to. Written after every progress write.
 * - `members:<courseId>:<bucket>`: one row per learner of the course (sub and stored name),
 *   written at launch (one JSON string `[sub, name]` each).
 * - `progress:<activityId>:meta` / `members:<courseId>:meta`: `complete` once the rows are known to
 *   hold everyone (written by a rebuild, or when the activity or course was created empty).
 */
import mongoose, { Schema } from 'mongoose';

const classSummarySchema = new Schema(
  {
    _id: { type: String, required: true },
    courseId: { type: Schema.Types.ObjectId, required: true },
    activityId: { type: Schema.Types.ObjectId },
    rows: { type: Schema.Types.Mixed, default: () => ({}) },
    /** Lists of skill ids the rows of a progress bucket refer to, by a hash of the list (summaryRows.ts). */
    keys: { type: Schema.Types.Mixed },
    complete: { type: Boolean },
  },
  { collection: 'pw_class_summaries', minimize: false, versionKey: false },
);
classSummarySchema.index({ courseId: 1 });

export interface ClassSummaryDoc {
  _id: string;
  courseId: mongoose.Types.ObjectId;
  activityId?: mongoose.Types.ObjectId;
  rows?: Record<string, unknown>;
  keys?: Record<string, unknown>;
  complete?: boolean;
}
export const ClassSummary = mongoose.model('PwClassSummary', classSummarySchema);

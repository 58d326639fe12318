/**
 * A course's own content: the questions of one confirmed upload (kind "upload", key = upload id,
 * `items`; written in one atomic write when the teacher confirms), a single question (kind "item",
 * key = item id), a skill's resource list (kind "resources", key = skill id); an upload checked
 * but not yet confirmed (kind "draft", the same document that becomes the "upload"); and, for a
 * course copied in the LMS, the course its content was copied from (kind "copied", key "origin"). Each change is one single-document
 * write, and `courseId` scopes every document to its course (export and deletion find it there).
 * The bundled pack is never changed.
 */
import mongoose, { Schema } from 'mongoose';

const courseContentSchema = new Schema(
  {
    courseId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: ['item', 'upload', 'draft', 'resources', 'copied'], required: true },
    key: { type: String, required: true },
    /** kind "item": the question in the pack's item format. */
    item: { type: Schema.Types.Mixed },
    /** kinds "upload" and "draft": the questions, in the pack's item format. */
    items: { type: [Schema.Types.Mixed], default: undefined },
    /** kinds "item", "upload", "draft": the file they came from, shown to teachers; kind "copied": the original course's id. */
    source: { type: String },
    /** kind "resources": the skill's list, in the teacher's order. */
    resources: { type: [Schema.Types.Mixed], default: undefined },
    /** kind "resources": links that did not answer when last checked ({ url, reason }). */
    broken: { type: [Schema.Types.Mixed], default: undefined },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'pw_course_content', minimize: false },
);
courseContentSchema.index({ courseId: 1, kind: 1, key: 1 }, { unique: true });

export const CourseContent = mongoose.model('PwCourseContent', courseContentSchema);

/**
 * A course's own content, one document per imported question (kind "item", key = item id) or per
 * skill's resource list (kind "resources", key = skill id); and, for a course copied in the LMS,
 * one record of the course its content was copied from (kind "copied", key "origin"). Each change is one single-document
 * write, and `courseId` scopes every document to its course (export and deletion find it there).
 * The bundled pack is never changed.
 */
import mongoose, { Schema } from 'mongoose';

const courseContentSchema = new Schema(
  {
    courseId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: ['item', 'resources', 'copied'], required: true },
    key: { type: String, required: true },
    /** kind "item": the question in the pack's item format. */
    item: { type: Schema.Types.Mixed },
    /** kind "item": where it came from, shown to teachers; kind "copied": the original course's id. */
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

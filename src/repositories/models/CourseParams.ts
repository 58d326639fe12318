/** BKT parameters refitted from a course's own answers, per skill; used for future updates only. */
import mongoose, { Schema } from 'mongoose';

const courseParamsSchema = new Schema(
  {
    courseId: { type: Schema.Types.ObjectId, required: true },
    skillId: { type: String, required: true },
    params: { type: Schema.Types.Mixed, required: true },
    students: { type: Number, required: true },
    answers: { type: Number, required: true },
    logLikelihood: { type: Number },
    fittedAt: { type: Date, required: true },
  },
  { collection: 'pw_course_params', minimize: false },
);
courseParamsSchema.index({ courseId: 1, skillId: 1 }, { unique: true });

export const CourseParams = mongoose.model('PwCourseParams', courseParamsSchema);

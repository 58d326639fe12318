/** Append-only log of answers (for teachers and, later, for fitting). An attempt id is logged once. */
import mongoose, { Schema } from 'mongoose';

const answerLogSchema = new Schema(
  {
    courseId: { type: Schema.Types.ObjectId, required: true },
    activityId: { type: Schema.Types.ObjectId, required: true },
    personId: { type: Schema.Types.ObjectId, required: true },
    attemptId: { type: String, required: true },
    itemId: { type: String, required: true },
    response: { type: String, maxlength: 500 },
    correct: { type: Boolean, required: true },
    at: { type: Date, default: Date.now },
  },
  { collection: 'pw_answer_log' },
);
answerLogSchema.index({ attemptId: 1 }, { unique: true });
answerLogSchema.index({ courseId: 1, activityId: 1, personId: 1, at: 1 });

export const AnswerLog = mongoose.model('PwAnswerLog', answerLogSchema);

/**
 * Append-only log of answers: what teachers see and what the per-course refit learns from. An
 * attempt id is logged once (it is the `_id`). It holds no personal data beyond the pseudonymous person id.
 */
import mongoose, { Schema } from 'mongoose';

const answerLogSchema = new Schema(
  {
    /** The attempt id: an answer is logged once, and found again, by `_id` alone. */
    _id: {
      type: String,
      default(this: { attemptId?: string }) {
        return this.attemptId;
      },
    },
    courseId: { type: Schema.Types.ObjectId, required: true },
    activityId: { type: Schema.Types.ObjectId, required: true },
    personId: { type: Schema.Types.ObjectId, required: true },
    attemptId: { type: String, required: true },
    itemId: { type: String, required: true },
    seed: { type: Number, required: true },
    skillIds: { type: [String], default: [] },
    itemClass: { type: String, default: '' },
    /** The student's n-th answer in the activity (orders a sequence for fitting). */
    order: { type: Number, required: true },
    response: { type: String, maxlength: 500 },
    correct: { type: Boolean, required: true },
    hintsUsed: { type: Number, default: 0 },
    /** 1 = first attempt (evidence of mastery); 2 = the retry after a hint (not used for fitting). */
    attempt: { type: Number, default: 1 },
    durationMs: { type: Number },
    at: { type: Date, default: Date.now },
  },
  { collection: 'pw_answer_log' },
);
answerLogSchema.index({ courseId: 1, activityId: 1, personId: 1, at: 1 });
answerLogSchema.index({ courseId: 1, skillIds: 1 });

export const AnswerLog = mongoose.model('PwAnswerLog', answerLogSchema);

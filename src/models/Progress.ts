/**
 * One student's progress in one activity: a single document changed only by atomic updates
 * (no transactions), with the question currently shown and the attempt id that may answer it.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const progressSchema = new Schema(
  {
    courseId: { type: Schema.Types.ObjectId, required: true },
    activityId: { type: Schema.Types.ObjectId, required: true },
    personId: { type: Schema.Types.ObjectId, required: true },
    answered: { type: Number, default: 0 },
    correct: { type: Number, default: 0 },
    current: {
      attemptId: { type: String, required: true },
      itemId: { type: String, required: true },
      seed: { type: Number, required: true },
    },
    lastAnsweredAt: { type: Date },
  },
  { timestamps: true, collection: 'pw_progress' },
);
progressSchema.index({ activityId: 1, personId: 1 }, { unique: true });
progressSchema.index({ courseId: 1, activityId: 1 });

export type ProgressDoc = Omit<InferSchemaType<typeof progressSchema>, 'current'> & {
  _id: mongoose.Types.ObjectId;
  current: { attemptId: string; itemId: string; seed: number };
};
export const Progress = mongoose.model('PwProgress', progressSchema);

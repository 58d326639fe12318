/**
 * The grade outbox. A grade event is written once, with its AGS timestamp, and then sent,
 * retried or marked; it is never rewritten with a new timestamp, so retries keep their order.
 * `seq` orders the events of one (line item, user); only the oldest unfinished one is sent.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const GRADE_STATUSES = ['pending', 'sending', 'sent', 'superseded', 'rejected'] as const;

const gradeEventSchema = new Schema(
  {
    key: { type: String, required: true }, // lineItemUrl + ' ' + userSub
    seq: { type: Number, required: true },
    courseId: { type: Schema.Types.ObjectId, required: true },
    activityId: { type: Schema.Types.ObjectId, required: true },
    personId: { type: Schema.Types.ObjectId, required: true },
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    canvas: { type: Boolean, default: false },
    lineItemUrl: { type: String, required: true },
    userSub: { type: String, required: true },
    scoreGiven: { type: Number, required: true },
    scoreMaximum: { type: Number, required: true },
    timestamp: { type: String, required: true },
    activityProgress: { type: String, required: true },
    gradingProgress: { type: String, required: true },
    /** Short words for the gradebook, e.g. "3 of 8 skills mastered". */
    comment: { type: String },
    status: { type: String, enum: GRADE_STATUSES, default: 'pending' },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, default: Date.now },
    leaseUntil: { type: Date },
    lastStatus: { type: Number },
    lastError: { type: String },
  },
  { timestamps: true, collection: 'pw_grade_events' },
);
gradeEventSchema.index({ key: 1, seq: 1 }, { unique: true });
gradeEventSchema.index({ status: 1, nextAttemptAt: 1 });
gradeEventSchema.index({ courseId: 1, personId: 1 });

export type GradeEventDoc = InferSchemaType<typeof gradeEventSchema> & { _id: mongoose.Types.ObjectId };
export const GradeEvent = mongoose.model('PwGradeEvent', gradeEventSchema);

const gradeClockSchema = new Schema(
  { _id: { type: String, required: true }, lastMs: { type: Number, required: true }, seq: { type: Number, required: true } },
  { collection: 'pw_grade_clocks' },
);
/** Per (line item, user): the last AGS timestamp issued and the last sequence number. */
export const GradeClock = mongoose.model('PwGradeClock', gradeClockSchema);

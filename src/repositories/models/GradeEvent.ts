/**
 * The grade outbox. A grade event is written once, with its AGS timestamp, and then sent,
 * retried or marked; it is never rewritten with a new timestamp, so retries keep their order.
 * Events of one (line item, user) share a `key` and are sent oldest timestamp first.
 *
 * The outbox holds only unfinished work (pending, sending, and rejected grades waiting for a
 * teacher): a finished event (sent, superseded) moves to the archive, which expires after
 * `ARCHIVE_DAYS`, so the sender's reads stay proportional to the backlog, not to history.
 * An event's `_id` is deterministic (`g:<attempt id>` for an answer), so recording it twice is
 * harmless.
 */
import { randomUUID } from 'node:crypto';
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const GRADE_STATUSES = ['pending', 'sending', 'sent', 'superseded', 'rejected'] as const;
export const ARCHIVE_DAYS = 30;

const fields = {
  _id: { type: String, default: () => randomUUID() },
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
  /** The instance holding the lease (several instances share one outbox). */
  leaseOwner: { type: String },
  lastStatus: { type: Number },
  lastError: { type: String },
  /** For a refusal: permanent (the platform said no) or the retries gave up. */
  refusal: { type: String },
} as const;

const gradeEventSchema = new Schema(fields, { timestamps: true, collection: 'pw_grade_events' });
gradeEventSchema.index({ status: 1, nextAttemptAt: 1 });
gradeEventSchema.index({ courseId: 1, status: 1 });

export type GradeEventDoc = Omit<InferSchemaType<typeof gradeEventSchema>, '_id'> & { _id: string };
export const GradeEvent = mongoose.model('PwGradeEvent', gradeEventSchema);

const archiveSchema = new Schema(
  { ...fields, archivedAt: { type: Date, default: Date.now } },
  { timestamps: true, collection: 'pw_grade_archive' },
);
archiveSchema.index({ archivedAt: 1 }, { expireAfterSeconds: ARCHIVE_DAYS * 86_400 });
archiveSchema.index({ courseId: 1, personId: 1 });
/** Finished grade events (sent or superseded), kept for audits and expired. */
export const GradeArchive = mongoose.model('PwGradeArchive', archiveSchema);

const gradeClockSchema = new Schema(
  { _id: { type: String, required: true }, lastMs: { type: Number, required: true }, seq: { type: Number, required: true } },
  { collection: 'pw_grade_clocks' },
);
/** Per (line item, user), for grades recorded outside an answer: last AGS timestamp and sequence number. */
export const GradeClock = mongoose.model('PwGradeClock', gradeClockSchema);

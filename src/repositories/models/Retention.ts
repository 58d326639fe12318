/**
 * What retention keeps and tracks. `AnswerStats` holds what the model still needs once old
 * answer-level logs are deleted: per course, skill and item, counts with no person in them.
 * `RetentionNotice` records that the operator was told a course would be purged, and when.
 * `Departure` records when a student was first seen missing from the LMS roster.
 */
import mongoose, { Schema } from 'mongoose';

const answerStatsSchema = new Schema(
  {
    courseId: { type: Schema.Types.Mixed, required: true },
    skillId: { type: String, required: true },
    itemId: { type: String, required: true },
    itemClass: { type: String, default: '' },
    firstAttempts: { type: Number, default: 0 },
    firstAttemptsCorrect: { type: Number, default: 0 },
    answers: { type: Number, default: 0 },
    correct: { type: Number, default: 0 },
    hintsUsed: { type: Number, default: 0 },
    /** The newest answer folded in: a rerun never counts an answer twice (see commands/privacy/retention.ts). */
    foldedThrough: { type: Date },
  },
  { collection: 'pw_answer_stats', minimize: false },
);
answerStatsSchema.index({ courseId: 1, skillId: 1, itemId: 1 }, { unique: true });
export const AnswerStats = mongoose.model('PwAnswerStats', answerStatsSchema);

const retentionNoticeSchema = new Schema(
  {
    courseId: { type: Schema.Types.Mixed, required: true },
    noticedAt: { type: Date, required: true },
    lastActiveAt: { type: Date, required: true },
  },
  { collection: 'pw_retention_notices' },
);
retentionNoticeSchema.index({ courseId: 1 }, { unique: true });
export const RetentionNotice = mongoose.model('PwRetentionNotice', retentionNoticeSchema);

const departureSchema = new Schema(
  {
    courseId: { type: Schema.Types.Mixed, required: true },
    personId: { type: Schema.Types.Mixed, required: true },
    missingSince: { type: Date, required: true },
  },
  { collection: 'pw_departures' },
);
departureSchema.index({ courseId: 1, personId: 1 }, { unique: true });
export const Departure = mongoose.model('PwDeparture', departureSchema);

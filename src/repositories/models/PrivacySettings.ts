/**
 * A school's privacy choices, per platform registration (issuer + client id): pseudonymous mode
 * and retention periods. A registration without a document uses the documented defaults
 * (docs/privacy.md, "Retention").
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const PRIVACY_DEFAULTS = {
  pseudonymous: false,
  answerLogDays: 365,
  inactiveCourseMonths: 24,
  departedGraceDays: 30,
  noticeDays: 30,
} as const;

const privacySettingsSchema = new Schema(
  {
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    /** No names or e-mails are stored; teachers see names held in memory from launches and the roster. */
    pseudonymous: { type: Boolean, default: PRIVACY_DEFAULTS.pseudonymous },
    /** Answer-level log entries older than this are folded into statistics and deleted. */
    answerLogDays: { type: Number, min: 1, default: PRIVACY_DEFAULTS.answerLogDays },
    /** Courses with no activity for this long are purged, after a notice. */
    inactiveCourseMonths: { type: Number, min: 1, default: PRIVACY_DEFAULTS.inactiveCourseMonths },
    /** A student no longer on the LMS roster is deleted after this many days. */
    departedGraceDays: { type: Number, min: 0, default: PRIVACY_DEFAULTS.departedGraceDays },
    /** Days between the operator's notice and the purge of an inactive course. */
    noticeDays: { type: Number, min: 0, default: PRIVACY_DEFAULTS.noticeDays },
  },
  { timestamps: true, collection: 'pw_privacy_settings' },
);
privacySettingsSchema.index({ issuer: 1, clientId: 1 }, { unique: true });

export type PrivacySettingsDoc = Pick<
  InferSchemaType<typeof privacySettingsSchema>,
  'pseudonymous' | 'answerLogDays' | 'inactiveCourseMonths' | 'departedGraceDays' | 'noticeDays'
>;
export const PrivacySettings = mongoose.model('PwPrivacySettings', privacySettingsSchema);

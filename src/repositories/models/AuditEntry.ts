/**
 * The audit trail: one entry per teacher or operator action on student data (a view of student
 * data, a setting change, an export, a deletion). Entries are append-only: the schema refuses every
 * update and delete issued through mongoose, and the app has no route or command that changes one.
 *
 * Entries name people and courses only by keyed references (see repositories/audit.ts), never by
 * name or LMS id, so the trail can outlive a deleted student without keeping anything that
 * identifies them. The school (issuer + client id) is kept in clear so its operator can read it.
 */
import mongoose, { Schema } from 'mongoose';

export const AUDIT_ACTIONS = [
  'view-course',
  'view-student',
  'change-setting',
  'override',
  'export',
  'delete',
  'retention',
  'change-privacy-settings',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const auditEntrySchema = new Schema(
  {
    at: { type: Date, required: true, default: Date.now },
    issuer: { type: String, default: '' },
    clientId: { type: String, default: '' },
    action: { type: String, enum: AUDIT_ACTIONS, required: true },
    /** "teacher", "operator" or "system" (the scheduled retention job). */
    actorKind: { type: String, enum: ['teacher', 'operator', 'system'], required: true },
    /** Keyed reference of the teacher's person id; for an operator, the name they gave (staff, not students). */
    actorRef: { type: String, required: true },
    courseRef: { type: String, default: '' },
    subjectRef: { type: String, default: '' },
    /** What was done, in words and counts; never names, answers or LMS ids. */
    detail: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'pw_audit', minimize: false, versionKey: false },
);
auditEntrySchema.index({ issuer: 1, clientId: 1, at: 1 });
auditEntrySchema.index({ courseRef: 1, at: 1 });

const refuse = () => {
  throw new Error('audit entries are append-only: they cannot be changed or deleted');
};
auditEntrySchema.pre(
  ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace', 'deleteOne', 'deleteMany', 'findOneAndDelete'],
  refuse,
);
auditEntrySchema.pre('save', function (next) {
  if (!this.isNew) return next(new Error('audit entries are append-only: they cannot be changed or deleted'));
  next();
});

export const AuditEntry = mongoose.model('PwAuditEntry', auditEntrySchema);

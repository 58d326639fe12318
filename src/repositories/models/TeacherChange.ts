/**
 * One change a teacher made to students' practice (a focus skill, a skill marked mastered or
 * started over, a note left or removed), with what each student had before: the Undo button restores exactly
 * that. Scoped by course (the tenant); `undoneAt` is set once, by a guarded update, so an undo
 * clicked twice restores once. Kept briefly (see `expiresAt`): undo is for second thoughts.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const TEACHER_CHANGE_KINDS = ['focus', 'mastered', 'reset', 'note', 'clear-note'] as const;
export type TeacherChangeKind = (typeof TEACHER_CHANGE_KINDS)[number];

const studentBeforeSchema = new Schema(
  {
    personId: { type: Schema.Types.ObjectId, required: true },
    /** The skill's state before (null: the student had none), the focus skill and note before. */
    skill: { type: Schema.Types.Mixed, default: null },
    chosenSkill: { type: String, default: null },
    focusByTeacher: { type: Boolean, default: false },
    note: { type: Schema.Types.Mixed, default: null },
  },
  { _id: false, minimize: false },
);

const teacherChangeSchema = new Schema(
  {
    _id: { type: String, required: true },
    courseId: { type: Schema.Types.ObjectId, required: true },
    activityId: { type: Schema.Types.ObjectId, required: true },
    /** The students changed (named `personId` so the privacy rules find and delete their records). */
    personId: { type: [Schema.Types.ObjectId], default: [] },
    kind: { type: String, enum: TEACHER_CHANGE_KINDS, required: true },
    skillId: { type: String },
    /** The reason chosen from a fixed list (CHANGE_REASONS); this, not free text, goes to the audit trail. */
    reason: { type: String, default: '' },
    /**
     * The teacher's optional words about the reason: shown back in the confirmation only, never
     * audited; kept as long as this record (the undo window) and deleted with the student's data.
     */
    reasonNote: { type: String, default: '' },
    students: { type: [studentBeforeSchema], default: [] },
    at: { type: Date, required: true },
    undoneAt: { type: Date, default: null },
    /** Removed by the TTL rule once undo is no longer offered. */
    expiresAt: { type: Date, required: true, expires: 0 },
  },
  { collection: 'pw_teacher_changes', minimize: false, versionKey: false },
);
teacherChangeSchema.index({ courseId: 1, at: -1 });

export type TeacherChangeDoc = InferSchemaType<typeof teacherChangeSchema>;
export const TeacherChange = mongoose.model('PwTeacherChange', teacherChangeSchema);

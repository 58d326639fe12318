/**
 * One student's progress in one activity: the policy's StudentState (plain JSON, bounded) and the
 * step on screen, in a single document. It is only ever changed by one atomic update guarded by
 * `version` (optimistic concurrency) and by the attempt id of the step on screen, never by a
 * transaction; concurrent requests retry on the fresh document, so the result equals some
 * sequential order of the same requests.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import type { StudentState } from '../../domain/policy/index.ts';

export const STEP_KINDS = ['item', 'worked-example', 'resource', 'done'] as const;

const currentSchema = new Schema(
  {
    attemptId: { type: String, required: true },
    kind: { type: String, enum: STEP_KINDS, required: true },
    skillId: { type: String },
    itemId: { type: String },
    seed: { type: Number },
    resourceIndex: { type: Number },
    review: { type: Boolean },
    reason: { type: String, default: '' },
    hintsShown: { type: Number, default: 0 },
    /** 1 for the first try at this item; 2 for the retry offered with a hint after a wrong answer. */
    attempt: { type: Number, default: 1 },
    shownAt: { type: Date, required: true },
  },
  { _id: false },
);

const progressSchema = new Schema(
  {
    /**
     * "<activityId>:<personId>": the natural key as _id, so the page's read is an _id lookup.
     * (FerretDB 1.24 answers _id lookups directly but scans the collection for other filters.)
     */
    _id: { type: String, required: true },
    courseId: { type: Schema.Types.ObjectId, required: true },
    activityId: { type: Schema.Types.ObjectId, required: true },
    personId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, default: 0 },
    state: { type: Schema.Types.Mixed, required: true },
    current: { type: currentSchema, required: true },
    answered: { type: Number, default: 0 },
    correct: { type: Number, default: 0 },
    /** Last activity score recorded for the gradebook (0..1). */
    score: { type: Number, default: 0 },
    lastAnsweredAt: { type: Date },
    /**
     * Effects an answer must cause, written in the same atomic update as the answer itself and
     * removed once applied (answer log entry, grade event): a crash between the write and the
     * effects leaves them here for the reconciler. Keyed by attempt id.
     */
    pending: { type: Schema.Types.Mixed, default: () => ({}) },
    /** The last attempt ids that counted (bounded): a resubmission is "already counted", not stale. */
    counted: { type: [String], default: [] },
    /** Grade clock of this student's gradebook cell: last sequence number and AGS timestamp (ms). */
    gradeSeq: { type: Number, default: 0 },
    gradeMs: { type: Number, default: 0 },
    /** A short note from the teacher, shown on the student's page: { text, at }. */
    teacherNote: { type: Schema.Types.Mixed, default: null },
  },
  { timestamps: true, collection: 'pw_progress', minimize: false },
);
progressSchema.index({ activityId: 1, personId: 1 }, { unique: true });
progressSchema.index({ courseId: 1, activityId: 1 });

export type CurrentStep = InferSchemaType<typeof currentSchema>;
export function progressKey(activityId: string, personId: string): string {
  return `${activityId}:${personId}`;
}

/** What one answer must cause besides the progress change; applied idempotently by answerEffects. */
export interface AnswerEffect {
  /** Absent for a teacher's change (a skill marked mastered or reset): a grade without an answer. */
  log?: {
    courseId: string;
    activityId: string;
    personId: string;
    itemId: string;
    seed: number;
    skillIds: string[];
    itemClass: string;
    order: number;
    response: string;
    correct: boolean;
    hintsUsed: number;
    attempt: number;
    durationMs: number;
    at: Date;
  };
  /** Whose grade a teacher's change sends, when there is no answer log entry to say it. */
  ids?: { courseId: string; activityId: string; personId: string; order: number };
  grade?: {
    lineItemUrl: string;
    score: number;
    complete: boolean;
    seq: number;
    ms: number;
    /** AGS activityProgress; absent in effects written before it existed (then from `complete`). */
    progress?: 'Started' | 'InProgress' | 'Completed';
    /** The gradebook comment, e.g. "3 of 8 skills mastered". */
    comment?: string;
  };
}

export type ProgressDoc = Omit<InferSchemaType<typeof progressSchema>, 'current' | 'state' | '_id' | 'pending'> & {
  _id: string;
  current: CurrentStep;
  state: StudentState;
  pending?: Record<string, AnswerEffect> | null;
  teacherNote?: { text: string; at: Date | string } | null;
};
export const Progress = mongoose.model('PwProgress', progressSchema);

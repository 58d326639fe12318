/** A person's role in a course, in Pathwise's own terms (converted once, at launch). */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const ROLES = ['learner', 'instructor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const enrollmentSchema = new Schema(
  {
    courseId: { type: Schema.Types.ObjectId, required: true },
    personId: { type: Schema.Types.ObjectId, required: true },
    role: { type: String, enum: ROLES, required: true },
    lastLaunchAt: { type: Date },
  },
  { timestamps: true, collection: 'pw_enrollments' },
);
enrollmentSchema.index({ courseId: 1, personId: 1 }, { unique: true });
enrollmentSchema.index({ courseId: 1, role: 1 });

export type EnrollmentDoc = InferSchemaType<typeof enrollmentSchema> & { _id: mongoose.Types.ObjectId };
export const Enrollment = mongoose.model('PwEnrollment', enrollmentSchema);

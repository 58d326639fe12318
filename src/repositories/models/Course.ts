/** A course is the tenant: platform (issuer + client) + deployment + LTI context. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const courseSchema = new Schema(
  {
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    deploymentId: { type: String, required: true },
    contextId: { type: String, required: true },
    title: { type: String, default: '' },
    nrpsUrl: { type: String },
  },
  { timestamps: true, collection: 'pw_courses' },
);
courseSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, contextId: 1 }, { unique: true });

export type CourseDoc = InferSchemaType<typeof courseSchema> & { _id: mongoose.Types.ObjectId };
export const Course = mongoose.model('PwCourse', courseSchema);

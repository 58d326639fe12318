/**
 * A person as the platform identifies them (issuer + sub). We keep only a display name: no email,
 * no picture, nothing a practice tool does not need.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const personSchema = new Schema(
  {
    issuer: { type: String, required: true },
    sub: { type: String, required: true },
    name: { type: String, default: '' },
  },
  { timestamps: true, collection: 'pw_people' },
);
personSchema.index({ issuer: 1, sub: 1 }, { unique: true });

export type PersonDoc = InferSchemaType<typeof personSchema> & { _id: mongoose.Types.ObjectId };
export const Person = mongoose.model('PwPerson', personSchema);

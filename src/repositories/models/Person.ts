/**
 * A person as one registration identifies them (issuer + client id + sub). The issuer alone is not
 * enough: every Canvas cloud school shares the issuer https://canvas.instructure.com, so a second
 * registration under that issuer could otherwise mint the `sub` of another school's student.
 * We keep only a display name, language and chosen word-problem themes: no email, no picture,
 * nothing a practice tool does not need.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const personSchema = new Schema(
  {
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    sub: { type: String, required: true },
    name: { type: String, default: '' },
    /** The platform's locale from the last launch (e.g. "es-MX"); picks the page language. */
    locale: { type: String },
    /** The language the student chose on the page ("en", "es"); wins over the launch's locale. */
    language: { type: String },
    /**
     * Word-problem themes the student likes (ids from the pack, e.g. "space"); absent until they
     * choose, an empty list when they chose "surprise me". Nothing else about the child is kept.
     */
    interests: { type: [String], default: undefined },
  },
  { timestamps: true, collection: 'pw_people' },
);
personSchema.index({ issuer: 1, clientId: 1, sub: 1 }, { unique: true });

export type PersonDoc = InferSchemaType<typeof personSchema> & { _id: mongoose.Types.ObjectId };
export const Person = mongoose.model('PwPerson', personSchema);

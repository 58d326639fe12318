/**
 * A one-time Dynamic Registration link an operator created (`platform invite`). Only the SHA-256
 * of the token is stored, so a database dump does not hand out working links. Used once: the
 * registration that uses it records which invite it came from.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const inviteSchema = new Schema(
  {
    _id: { type: String, required: true }, // sha256(token), hex
    label: { type: String, default: '' },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    /** issuer + client id of the registration made with it. */
    usedBy: { type: String, default: '' },
  },
  { timestamps: true, collection: 'pw_registration_invites' },
);

export type InviteDoc = InferSchemaType<typeof inviteSchema>;
export const RegistrationInvite = mongoose.model('PwRegistrationInvite', inviteSchema);

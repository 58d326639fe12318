/** A token that may be used once (a Deep Linking page): its hash, kept until the token could not be valid anyway. */
import mongoose, { Schema } from 'mongoose';

const usedTokenSchema = new Schema(
  {
    _id: { type: String, required: true },
    expiresAt: { type: Date, required: true, expires: 0 },
  },
  { collection: 'pw_used_tokens', versionKey: false },
);

export const UsedToken = mongoose.model('PwUsedToken', usedTokenSchema);

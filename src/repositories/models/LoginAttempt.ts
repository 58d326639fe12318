/**
 * The OIDC login parameters of a launch in progress, by its `state`. It lets a launch whose state
 * cookie was blocked offer "open in a new window" (which restarts the login first-party), and tells
 * a blocked cookie apart from a forged state. Expires after 10 minutes.
 */
import mongoose, { Schema } from 'mongoose';

const loginAttemptSchema = new Schema(
  {
    state: { type: String, required: true },
    params: { type: Map, of: String, required: true },
    createdAt: { type: Date, default: Date.now, expires: 600 },
  },
  { collection: 'pw_login_attempts' },
);
loginAttemptSchema.index({ state: 1 }, { unique: true });

export const LoginAttempt = mongoose.model('PwLoginAttempt', loginAttemptSchema);

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
    /** Set when the login stored its state in the platform's storage frame (lti/clientStorage.ts). */
    storageTarget: { type: String },
    /** The origin of the platform's authorization endpoint: the only origin the storage frame may answer from. */
    authOrigin: { type: String },
    createdAt: { type: Date, default: Date.now, expires: 600 },
  },
  { collection: 'pw_login_attempts' },
);
loginAttemptSchema.index({ state: 1 }, { unique: true });

export const LoginAttempt = mongoose.model('PwLoginAttempt', loginAttemptSchema);

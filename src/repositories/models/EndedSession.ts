/** A Pathwise session ended by its user ("End session"): refused from then on, kept until it would have expired anyway. */
import mongoose, { Schema } from 'mongoose';

const endedSessionSchema = new Schema(
  {
    _id: { type: String, required: true }, // session id (sid)
    expiresAt: { type: Date, required: true, expires: 0 },
  },
  { collection: 'pw_ended_sessions', versionKey: false },
);

export const EndedSession = mongoose.model('PwEndedSession', endedSessionSchema);

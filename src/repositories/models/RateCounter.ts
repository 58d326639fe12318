/**
 * One fixed-window request counter: `_id` is limiter + key + window start, so a whole window of
 * requests from one address is one document, upserted and incremented, whatever their number.
 */
import mongoose, { Schema } from 'mongoose';

const rateCounterSchema = new Schema(
  {
    _id: { type: String, required: true },
    hits: { type: Number, required: true },
    expiresAt: { type: Date, required: true, expires: 0 },
  },
  { collection: 'pw_rate_limits', versionKey: false },
);

export const RateCounter = mongoose.model('PwRateCounter', rateCounterSchema);

/**
 * Leases on named jobs, so a scheduled job (the reconciler) runs on one instance at a time
 * although every instance schedules it. One document per job, written by `_id` with a guard.
 */
import mongoose, { Schema } from 'mongoose';
import { guarded, withKeyLock } from '../db/concurrency.ts';

const jobLeaseSchema = new Schema(
  { _id: { type: String, required: true }, owner: { type: String, required: true }, leaseUntil: { type: Date, required: true } },
  { collection: 'pw_job_leases' },
);
export const JobLease = mongoose.model('PwJobLease', jobLeaseSchema);

/** True when `owner` now holds the lease of `job` for `ms` (taken over from an expired holder). */
export async function takeJobLease(job: string, owner: string, ms: number): Promise<boolean> {
  // Embedded engine: the guard below is checked in process, so reading and writing hold the key lock.
  return withKeyLock(`job:${job}`, () => takeJobLeaseNow(job, owner, ms));
}

async function takeJobLeaseNow(job: string, owner: string, ms: number): Promise<boolean> {
  const now = new Date();
  const until = new Date(now.getTime() + ms);
  const held = await JobLease.findById(job).lean();
  if (!held) {
    try {
      await JobLease.create({ _id: job, owner, leaseUntil: until });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }
  if (held.owner !== owner && held.leaseUntil > now) return false;
  const r = await JobLease.updateOne(guarded(job, { owner: held.owner, leaseUntil: held.leaseUntil }), {
    $set: { owner, leaseUntil: until },
  });
  return r.modifiedCount === 1;
}

export async function releaseJobLease(job: string, owner: string): Promise<void> {
  await withKeyLock(`job:${job}`, async () => {
    const held = await JobLease.findById(job).lean();
    if (held?.owner === owner) await JobLease.updateOne(guarded(job, { owner }), { $set: { leaseUntil: new Date(0) } });
  });
}

/**
 * Records a grade event in the outbox. Its AGS timestamp is generated here, once, and never
 * again: a retry re-sends the same timestamp, so the platform can order grades. Timestamps of one
 * (line item, user) are strictly increasing and at least one second apart, because Moodle compares
 * them to the second and refuses (409) a grade that is not newer than the stored one.
 * The clock is advanced with a compare-and-set on a single document (no transactions). Grades of
 * answers use the clock kept in the progress document instead (see answerSubmitter).
 */
import type { Types } from 'mongoose';
import { guarded, withKeyLock } from '../db/concurrency.ts';
import { GradeClock, GradeEvent } from '../repositories/models/GradeEvent.ts';

const MIN_GAP_MS = 1000;

async function nextTick(key: string, now: number): Promise<{ ms: number; seq: number }> {
  return withKeyLock(`clock:${key}`, () => tick(key, now));
}

async function tick(key: string, now: number): Promise<{ ms: number; seq: number }> {
  for (let i = 0; i < 50; i++) {
    const clock = await GradeClock.findById(key).lean();
    if (!clock) {
      try {
        await GradeClock.create({ _id: key, lastMs: now, seq: 1 });
        return { ms: now, seq: 1 };
      } catch (err) {
        if ((err as { code?: number }).code === 11000) continue;
        throw err;
      }
    }
    const ms = Math.max(now, clock.lastMs + MIN_GAP_MS);
    const seq = clock.seq + 1;
    const res = await GradeClock.updateOne(guarded(key, { seq: clock.seq }), { $set: { lastMs: ms, seq } });
    if (res.modifiedCount === 1) return { ms, seq };
  }
  throw new Error(`could not advance the grade clock for ${key}`);
}

export async function gradeRecorder(props: {
  courseId: Types.ObjectId | string;
  activityId: Types.ObjectId | string;
  personId: Types.ObjectId | string;
  issuer: string;
  clientId: string;
  canvas: boolean;
  lineItemUrl: string;
  userSub: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress?: 'Started' | 'InProgress' | 'Completed';
  comment?: string;
  now?: number;
}) {
  const key = `${props.lineItemUrl} ${props.userSub}`;
  const { ms, seq } = await nextTick(key, props.now ?? Date.now());
  return GradeEvent.create({
    key,
    seq,
    courseId: props.courseId,
    activityId: props.activityId,
    personId: props.personId,
    issuer: props.issuer,
    clientId: props.clientId,
    canvas: props.canvas,
    lineItemUrl: props.lineItemUrl,
    userSub: props.userSub,
    scoreGiven: props.scoreGiven,
    scoreMaximum: props.scoreMaximum,
    timestamp: new Date(ms).toISOString(),
    activityProgress: props.activityProgress ?? 'InProgress',
    gradingProgress: 'FullyGraded',
    ...(props.comment ? { comment: props.comment } : {}),
  });
}

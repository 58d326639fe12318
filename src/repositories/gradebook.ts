/**
 * What the gradebook check needs from the database for one activity of one course: each student
 * who opened it (platform id, the score Pathwise recorded, whether they answered) and the newest
 * grade of theirs still in the outbox (waiting, retrying or refused). Read on demand, when a
 * teacher opens the check, never on the overview; every query names the course and the activity.
 */
import { Types } from 'mongoose';
import { GradeEvent } from './models/GradeEvent.ts';
import { Person } from './models/Person.ts';
import { Progress } from './models/Progress.ts';

export interface GradebookLearner {
  personId: string;
  sub: string;
  /** The activity score Pathwise recorded (0..1). */
  score: number;
  answered: number;
  /** The newest grade of this student still in the outbox (sent grades leave it). */
  outbox?: { status: 'pending' | 'sending' | 'rejected'; lastStatus?: number; lastError?: string; attempts: number };
}

export async function gradebookLearners(courseId: string, activityId: string): Promise<GradebookLearner[]> {
  const cid = new Types.ObjectId(courseId);
  const aid = new Types.ObjectId(activityId);
  const [progress, events] = await Promise.all([
    Progress.find({ courseId: cid, activityId: aid }, { personId: 1, score: 1, answered: 1 }).lean(),
    GradeEvent.find(
      { courseId: cid, activityId: aid },
      { personId: 1, seq: 1, timestamp: 1, status: 1, lastStatus: 1, lastError: 1, attempts: 1 },
    ).lean(),
  ]);
  const people = await Person.find({ _id: { $in: progress.map((p) => p.personId) } }, { sub: 1 }).lean();
  const subOf = new Map(people.map((p) => [String(p._id), p.sub]));
  const newest = new Map<string, (typeof events)[number]>();
  for (const e of events) {
    const key = String(e.personId);
    const seen = newest.get(key);
    if (!seen || e.timestamp > seen.timestamp) newest.set(key, e);
  }
  const out: GradebookLearner[] = [];
  for (const p of progress) {
    const personId = String(p.personId);
    const sub = subOf.get(personId);
    if (!sub) continue;
    const e = newest.get(personId);
    const waiting = e && (e.status === 'pending' || e.status === 'sending' || e.status === 'rejected') ? e : undefined;
    out.push({
      personId,
      sub,
      score: p.score ?? 0,
      answered: p.answered ?? 0,
      ...(waiting
        ? {
            outbox: {
              status: waiting.status as 'pending' | 'sending' | 'rejected',
              ...(waiting.lastStatus !== undefined && waiting.lastStatus !== null ? { lastStatus: waiting.lastStatus } : {}),
              ...(waiting.lastError ? { lastError: waiting.lastError } : {}),
              attempts: waiting.attempts ?? 0,
            },
          }
        : {}),
    });
  }
  return out;
}

/**
 * What the gradebook check's tests share: the grades seeded on either side (the LMS gradebook
 * through AGS as Pathwise would have sent them, Pathwise's score in the progress document, a
 * grade left in the outbox) and the check's rows read from its page.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { GradeEvent } from '../../src/repositories/models/GradeEvent.ts';
import { Progress, progressKey } from '../../src/repositories/models/Progress.ts';
import type { Classroom, Stack } from './support.ts';

const decode = (x: string) =>
  x
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Each row of the check's tables: the student's name and the row's state. */
export function rowsOf(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<tr data-testid="row" data-state="([a-z-]+)"><th scope="row">([^<]*)<\/th>/g))
    out.set(decode(m[2]!), m[1]!);
  return out;
}

export const pagePath = (t: Classroom) =>
  `/app/courses/${t.courseId}/activities/${t.activityId}/gradebook?s=${encodeURIComponent(t.token)}`;

/** The LMS gradebook gets a grade as Pathwise would have sent it earlier (a minute ago). */
export async function lmsHolds(s: Stack, t: Classroom, n: number, score: number) {
  const activity = (await Activity.findById(t.activityId).lean())!;
  const outcome = await s.pathwise.lti.ags.sendScore({
    issuer: s.sandbox.flavours.moodle.issuer,
    clientId: t.c.clientId,
    lineItemUrl: activity.lineItemUrl!,
    score: {
      userId: t.c.member({ student: n }).sub,
      scoreGiven: score,
      scoreMaximum: 1,
      timestamp: new Date(Date.now() - 60_000 + n * 1000).toISOString(),
      activityProgress: 'InProgress',
      gradingProgress: 'FullyGraded',
    },
  });
  assert.equal(outcome.kind, 'sent', JSON.stringify(outcome));
}

export async function pathwiseHolds(t: Classroom, personId: string, score: number) {
  await Progress.updateOne({ _id: progressKey(t.activityId, personId) }, { $set: { score, answered: 4 } });
}

/** A grade event of this student in the outbox, as the sender leaves it. */
export async function inOutbox(s: Stack, t: Classroom, n: number, personId: string, fields: Record<string, unknown>) {
  const activity = (await Activity.findById(t.activityId).lean())!;
  const sub = t.c.member({ student: n }).sub;
  await GradeEvent.create({
    key: `${activity.lineItemUrl} ${sub}`,
    seq: 1,
    courseId: new Types.ObjectId(t.courseId),
    activityId: new Types.ObjectId(t.activityId),
    personId: new Types.ObjectId(personId),
    issuer: s.sandbox.flavours.moodle.issuer,
    clientId: t.c.clientId,
    lineItemUrl: activity.lineItemUrl!,
    userSub: sub,
    scoreGiven: 0.75,
    scoreMaximum: 1,
    timestamp: new Date().toISOString(),
    activityProgress: 'InProgress',
    gradingProgress: 'FullyGraded',
    ...fields,
  });
}

export async function until(what: string, check: () => Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

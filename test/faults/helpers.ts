/** Shared set-up of the fault tests: a launched student with a gradebook column, and a way to record grades. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { stack } from '../support/stack.ts';
import { launchAs, mainClientId, personOf } from '../support/factories.ts';
import { gradeRecorder } from '../../src/commands/gradeRecorder.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import type { Flavour } from '../../scripts/sandbox/index.ts';

/** A fresh activity with its own gradebook column (so the test owns its rows), and a student launched into it. */
export async function gradedStudent(flavour: Flavour, student: number, skills = 'fraction-meaning') {
  const s = await stack();
  const { info: course } = await personOf(flavour, { student });
  const label = `Faults ${Date.now()} ${Math.random().toString(36).slice(2, 8)}`;
  const link = s.sandbox.addResourceLink(course.courseId, { title: label, custom: { skills }, lineItem: { label, scoreMaximum: 10 } });
  const r = await launchAs(flavour, { student }, { resourceLinkId: link.id });
  assert.equal(r.status, 200, r.html.slice(0, 300));
  const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(r.url)![1]!;
  const activity = await Activity.findById(activityId).lean();
  const { user, info } = await personOf(flavour, { student });
  const person = await Person.findOne({ issuer: info.issuer, clientId: await mainClientId(flavour), sub: user.sub }).lean();
  assert.ok(activity?.lineItemUrl && person);
  const reg = s.sandbox.registrations().find((x) => x.flavour === flavour)!;
  const grade = (scoreGiven: number, lineItemUrl = activity.lineItemUrl!) =>
    gradeRecorder({
      courseId: activity.courseId,
      activityId: activity._id,
      personId: person._id,
      issuer: info.issuer,
      clientId: reg.clientId,
      canvas: flavour === 'canvas',
      lineItemUrl,
      userSub: user.sub,
      scoreGiven,
      scoreMaximum: 1,
    });
  /** This student's rows in this activity's column, oldest first. */
  const rows = () => s.sandbox.gradebook(info.courseId).filter((g) => g.userId === user.sub && g.lineItemLabel === label);
  return { s, r, info, user, reg, activity, activityId, personId: String(person._id), grade, rows };
}

/** The same URL with another origin (the fault proxy's). */
export function via(proxyUrl: string, url: string): string {
  const u = new URL(url);
  const p = new URL(proxyUrl);
  u.protocol = p.protocol;
  u.host = p.host;
  return u.toString();
}

/** Waits for `check` to hold, polling the database (an outcome written by a background worker). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** True when every thread of the process is stopped (state T or t in /proc): a SIGSTOP has taken effect. */
export function stopped(pid: number): boolean {
  try {
    const tasks = readdirSync(`/proc/${pid}/task`);
    return tasks.length > 0 && tasks.every((t) => /^\d+ \(.*\) [Tt] /.test(readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8')));
  } catch {
    return false;
  }
}

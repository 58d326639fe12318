/**
 * Keeps each course's NRPS roster fresh: when a teacher opens the course (if older than the TTL)
 * and on a schedule. Uses the platform's `differences` link when it offered one, else the full
 * list; a member missing from a full list has left the course. A failed refresh keeps the last
 * roster and records why, so the teacher view can say so; it never loses what was known.
 * In pseudonymous mode (per platform) the stored roster keeps no names: they are held in memory
 * only (privacy/nameCache.ts), and names stored before the mode was chosen are cleared.
 */
import { recordRoster } from './privacy/retention.ts';
import { rememberRosterNames } from './privacy/nameCache.ts';
import { privacySettingsFor } from '../repositories/privacySettings.ts';
import { Types } from 'mongoose';
import type { Logger } from '../logger.ts';
import type { NrpsClient, RosterMember } from '../lti/nrps.ts';
import { Course } from '../repositories/models/Course.ts';
import { Roster, type RosterDoc } from '../repositories/models/Roster.ts';

export class RosterRefresher {
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly nrps: NrpsClient,
    private readonly log: Logger,
    private readonly ttlMs = 15 * 60_000,
  ) {}

  /** Refreshes one course's roster if it is older than the TTL (or always with `force`). */
  refresh(courseId: string, force = false): Promise<void> {
    const running = this.inFlight.get(courseId);
    if (running) return running;
    const p = this.run(courseId, force).finally(() => this.inFlight.delete(courseId));
    this.inFlight.set(courseId, p);
    return p;
  }

  /** Refreshes every course with an NRPS URL whose roster is stale, every `everyMs`. */
  start(everyMs: number): void {
    this.timer = setInterval(() => void this.refreshStale(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async refreshStale(): Promise<void> {
    const courses = await Course.find({ nrpsUrl: { $exists: true } }, { _id: 1 }).lean();
    for (const c of courses) await this.refresh(String(c._id));
  }

  private async run(courseId: string, force: boolean): Promise<void> {
    const cid = new Types.ObjectId(courseId);
    const course = await Course.findById(cid).lean();
    if (!course?.nrpsUrl) return;
    const roster = await Roster.findOne({ courseId: cid }).lean<RosterDoc>();
    if (!force && roster?.fetchedAt && Date.now() - roster.fetchedAt.getTime() < this.ttlMs) return;
    try {
      const useDiff = Boolean(roster?.differencesUrl && roster.members.length);
      const page = await this.nrps.memberships({
        issuer: course.issuer,
        clientId: course.clientId,
        url: useDiff ? roster!.differencesUrl! : course.nrpsUrl,
      });
      const known = new Map<string, RosterMember>((roster?.members ?? []).map((m) => [m.sub, m as RosterMember]));
      if (!useDiff) {
        // A full list: whoever is missing from it has left.
        const present = new Set(page.members.map((m) => m.sub));
        for (const [sub, m] of known) if (!present.has(sub)) known.set(sub, { ...m, status: 'Deleted' });
      }
      for (const m of page.members) known.set(m.sub, m);
      const { pseudonymous } = await privacySettingsFor(course.issuer, course.clientId);
      if (pseudonymous) rememberRosterNames({ issuer: course.issuer, clientId: course.clientId, courseId }, page.members);
      const members = [...known.values()].map((m) => ({ sub: m.sub, role: m.role, status: m.status, name: pseudonymous ? '' : m.name }));
      await Roster.updateOne(
        { courseId: cid },
        {
          $set: {
            members,
            fetchedAt: new Date(),
            ...(page.differencesUrl ? { differencesUrl: page.differencesUrl } : {}),
          },
          $unset: { lastError: 1, ...(page.differencesUrl ? {} : { differencesUrl: 1 }) },
        },
        { upsert: true },
      );
      this.log.info({ course: courseId, members: page.members.length, differences: useDiff }, 'roster refreshed from the LMS');
      // Students no longer in the course are noted, so the school's grace period for deleting them can start.
      await recordRoster({ courseId, subs: members.filter((m) => m.status !== 'Deleted').map((m) => m.sub) });
    } catch (err) {
      const message = (err as Error).message.slice(0, 300);
      this.log.warn({ course: courseId, err: message }, 'roster could not be refreshed');
      await Roster.updateOne({ courseId: cid }, { $set: { lastError: message } }, { upsert: true });
    }
  }
}

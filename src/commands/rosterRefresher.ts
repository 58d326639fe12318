/**
 * Keeps each course's NRPS roster fresh: when a teacher opens the course (if older than the TTL)
 * and on a schedule. Uses the platform's `differences` link when it offered one, else the full
 * list; a member missing from a full list has left the course. A failed refresh keeps the last
 * roster and records why, so the teacher view can say so; it never loses what was known.
 * When the teacher opens an activity, the members who can see its resource link are fetched too
 * (NRPS `rlid`; in Moodle, the activity's access restrictions), always as a full list; if the
 * platform refuses, the course roster stands in and a warning is logged. Course and link rosters
 * reach the database in one write per refresh.
 * In pseudonymous mode (per platform) the stored roster keeps no names: they are held in memory
 * only (privacy/nameCache.ts), and names stored before the mode was chosen are cleared.
 */
import { recordRoster } from './privacy/retention.ts';
import { rememberRosterNames } from './privacy/nameCache.ts';
import { privacySettingsFor } from '../repositories/privacySettings.ts';
import { Types } from 'mongoose';
import type { Logger } from '../logger.ts';
import type { NrpsClient, RosterMember } from '../lti/nrps.ts';
import { activityInCourse } from '../repositories/activities.ts';
import { Course } from '../repositories/models/Course.ts';
import { MAX_LINK_ROSTERS, type RosterDoc } from '../repositories/models/Roster.ts';
import { rosterOf, updateRoster } from '../repositories/rosters.ts';

type CourseDoc = NonNullable<Awaited<ReturnType<typeof loadCourse>>>;
type LinkRoster = { resourceLinkId: string; subs: string[]; fetchedAt: Date; failed: boolean };

const loadCourse = (cid: Types.ObjectId) => Course.findById(cid).lean();

export interface RefreshOptions {
  /** Fetch even when the roster is younger than the TTL. */
  force?: boolean;
  /** The activity the teacher opened (of this course): its link's members are fetched too. */
  activityId?: string | undefined;
}

export class RosterRefresher {
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly nrps: NrpsClient,
    private readonly log: Logger,
    private readonly ttlMs = 15 * 60_000,
  ) {}

  /**
   * Refreshes one course's roster, and the opened activity's link roster, if older than the TTL
   * (or always with `force`). Refreshes of one course run one after the other, so a link roster
   * is never lost to a concurrent write of the same document by this process.
   */
  refresh(courseId: string, opts: RefreshOptions = {}): Promise<void> {
    const before = this.inFlight.get(courseId) ?? Promise.resolve();
    const p = before.catch(() => undefined).then(() => this.run(courseId, opts));
    const tail = p.finally(() => {
      if (this.inFlight.get(courseId) === tail) this.inFlight.delete(courseId);
    });
    this.inFlight.set(courseId, tail);
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

  private async run(courseId: string, opts: RefreshOptions): Promise<void> {
    const cid = new Types.ObjectId(courseId);
    const course = await loadCourse(cid);
    if (!course?.nrpsUrl) return;
    const [roster, activity] = await Promise.all([rosterOf(cid), opts.activityId ? activityInCourse(cid, opts.activityId) : null]);
    const fresh = (at: Date | null | undefined) => !opts.force && at && Date.now() - at.getTime() < this.ttlMs;
    const links = (roster?.links ?? []) as LinkRoster[];
    const linkId = activity?.resourceLinkId;
    const wantLink = Boolean(linkId) && !fresh(links.find((l) => l.resourceLinkId === linkId)?.fetchedAt);
    const wantCourse = !fresh(roster?.fetchedAt);
    if (!wantCourse && !wantLink) return;

    // Both lists at once (the teacher's page waits for them); a link roster's failure is in its entry.
    const [fromCourse, entry] = await Promise.all([
      wantCourse ? this.courseRoster(course, courseId, roster).catch((err: unknown) => err as Error) : undefined,
      wantLink && linkId ? this.linkRoster(course, courseId, linkId) : undefined,
    ]);
    const set: Record<string, unknown> = {};
    const unset: Record<string, 1> = {};
    let members: Array<{ sub: string; status: string }> | undefined;
    if (fromCourse instanceof Error) {
      const message = fromCourse.message.slice(0, 300);
      this.log.warn({ course: courseId, err: message }, 'roster could not be refreshed');
      set.lastError = message;
    } else if (fromCourse) {
      Object.assign(set, fromCourse.set);
      Object.assign(unset, fromCourse.unset);
      members = fromCourse.members;
    }
    if (entry) set.links = [entry, ...links.filter((l) => l.resourceLinkId !== entry.resourceLinkId)].slice(0, MAX_LINK_ROSTERS);
    await updateRoster(cid, set, unset);
    // Students no longer in the course are noted, so the school's grace period for deleting them can start.
    if (members) await recordRoster({ courseId, subs: members.filter((m) => m.status !== 'Deleted').map((m) => m.sub) });
  }

  /** The course's members (merged with what was known when only differences came), as fields to set. */
  private async courseRoster(course: CourseDoc, courseId: string, roster: RosterDoc | null) {
    const useDiff = Boolean(roster?.differencesUrl && roster.members.length);
    const page = await this.nrps.memberships({
      issuer: course.issuer,
      clientId: course.clientId,
      url: useDiff ? roster!.differencesUrl! : course.nrpsUrl!,
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
    this.log.info({ course: courseId, members: page.members.length, differences: useDiff }, 'roster refreshed from the LMS');
    return {
      members,
      set: { members, fetchedAt: new Date(), ...(page.differencesUrl ? { differencesUrl: page.differencesUrl } : {}) },
      unset: { lastError: 1 as const, ...(page.differencesUrl ? {} : { differencesUrl: 1 as const }) },
    };
  }

  /** Who can see one resource link; a refusal is kept as `failed` so the course roster stands in until the TTL passes. */
  private async linkRoster(course: CourseDoc, courseId: string, resourceLinkId: string): Promise<LinkRoster> {
    try {
      const page = await this.nrps.memberships({
        issuer: course.issuer,
        clientId: course.clientId,
        url: course.nrpsUrl!,
        rlid: resourceLinkId,
      });
      const subs = page.members.filter((m) => m.status !== 'Deleted').map((m) => m.sub);
      this.log.info({ course: courseId, members: subs.length }, 'activity roster refreshed from the LMS (rlid)');
      return { resourceLinkId, subs, fetchedAt: new Date(), failed: false };
    } catch (err) {
      this.log.warn(
        { course: courseId, err: (err as Error).message.slice(0, 300) },
        "the LMS did not list the activity's members (rlid); the course roster is used instead",
      );
      return { resourceLinkId, subs: [], fetchedAt: new Date(), failed: true };
    }
  }
}

/**
 * Names held in memory only, for pseudonymous mode: a school can choose that Pathwise stores no
 * names, and the teacher view then shows the names this process has seen in launches or in the
 * LMS roster (NRPS). Nothing here is written to the database or logged; a restart forgets it all,
 * and names come back as students launch or the roster is read again.
 *
 * Launch names are keyed by Pathwise's person id (Person._id as a string): the launch feeds them
 * with `rememberName`, the teacher view reads them with `nameOf`. Roster names are keyed by
 * registration + course and the platform's user id: the roster refresher feeds them with
 * `rememberRosterNames`, the teacher view reads them with `rosterNameOf`.
 */
import { TtlCache } from '../../ttlCache.ts';

const MAX_NAMES = 200_000;
const TTL_MS = 7 * 86_400_000;

const names = new Map<string, { name: string; until: number }>();

/** Keeps a display name in memory (a later call replaces it; the oldest names go first when full). */
export function rememberName(personKey: string, name: string | undefined): void {
  const clean = name?.trim().slice(0, 200);
  if (!clean) return;
  names.delete(personKey);
  names.set(personKey, { name: clean, until: Date.now() + TTL_MS });
  if (names.size > MAX_NAMES) names.delete(names.keys().next().value as string);
}

/** The name last seen for a person, if this process has seen it recently. */
export function nameOf(personKey: string): string | undefined {
  const hit = names.get(personKey);
  if (!hit) return undefined;
  if (hit.until < Date.now()) {
    names.delete(personKey);
    return undefined;
  }
  return hit.name;
}

/** Forgets a person (after their data is deleted). */
export function forgetName(personKey: string): void {
  names.delete(personKey);
}

/**
 * Roster names in pseudonymous mode: the names the LMS roster (NRPS) gave for one course, by the
 * platform's user id (`sub`), held in memory only. Keyed by registration + course, so one school's
 * roster never names another's students; bounded in courses and in time like the names above.
 */
export interface RosterKey {
  issuer: string;
  clientId: string;
  courseId: string;
}

const rosters = new TtlCache<Map<string, string>>(TTL_MS, 20_000);
const rosterKey = (k: RosterKey): string => JSON.stringify([k.issuer, k.clientId, k.courseId]);

/** Adds a roster's names to what is known for the course (a differences page names only who changed). */
export function rememberRosterNames(course: RosterKey, members: Array<{ sub: string; name: string }>): void {
  const key = rosterKey(course);
  const merged = new Map(rosters.get(key) ?? []);
  for (const m of members) {
    const clean = m.name.trim().slice(0, 200);
    if (clean) merged.set(m.sub, clean);
  }
  if (merged.size) rosters.set(key, merged);
}

/** The roster name of a member of the course, if this process read it recently. */
export function rosterNameOf(course: RosterKey, sub: string): string | undefined {
  return rosters.get(rosterKey(course))?.get(sub);
}

/** Forgets a course's roster names (after the course is deleted). */
export function forgetRosterNames(course: RosterKey): void {
  rosters.delete(rosterKey(course));
}

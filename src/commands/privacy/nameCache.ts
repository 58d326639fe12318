/**
 * Names held in memory only, for pseudonymous mode: a school can choose that Pathwise stores no
 * names, and the teacher view then shows the names this process has seen in launches or in the
 * LMS roster (NRPS). Nothing here is written to the database or logged; a restart forgets it all,
 * and names come back as students launch or the roster is read again.
 *
 * The key is Pathwise's person id (the same id as Person._id, as a string). The roster reader
 * feeds it with `rememberName`; the teacher view reads it with `nameOf`.
 */
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

/**
 * What the class overview needs of each student's summary row (skills mastered, the settings
 * preview's counts, last activity, what needs attention), computed once per stored row and kept
 * in process: a class of 3,000 whose rows did not change is not decoded, flagged and put into
 * words again on every view (docs/benchmarks.md, "Teacher's cockpit").
 *
 * Never stale: an entry is used only for the exact stored row it was computed from (a packed
 * row is the whole of what the overview reads of a student, so an equal string means an equal
 * state), for the same activity context (pack, skills, parameters, settings), and only within
 * the time its words stay true (`attentionChangesAt`: inactivity is the one part that depends on
 * the time). Bounded: at most MAX_STUDENTS entries; the activity viewed longest ago goes first.
 */
import type { Pack } from '../domain/content/index.ts';
import { attentionChangesAt, attentionFor, flags, type Attention, type StudentState } from '../domain/policy/index.ts';
import type { ActivityContext } from '../repositories/activityContext.ts';
import { repairProgressRow } from '../repositories/classSummary.ts';
import type { StoredRow } from '../repositories/summaryCache.ts';
import { unpackProgressRow } from '../repositories/summaryRows.ts';

/** Thresholds the settings preview shows, as a teacher would pick them. */
export const PREVIEW = [0.8, 0.9, 0.95, 0.99];
const MAX_STUDENTS = 60_000;

export interface Digest {
  /** Indexes (in the activity's skills) of the skills mastered. */
  mastered: number[];
  /** Per PREVIEW threshold: skills that would count as mastered. */
  preview: number[];
  /** Milliseconds, NaN when the student has not answered yet. */
  lastActive: number;
  attention: Array<Attention & { skill?: string }>;
}
/** A student's digest and, for the rows shown, their state (decoded again on demand). */
export interface StudentDigest {
  digest: Digest;
  stored: unknown;
  keys: Record<string, unknown>;
  state?: StudentState;
}

/** The state of a student whose digest was taken (decoded again: only the rows shown need it). */
export const stateOf = (d: StudentDigest): StudentState => d.state ?? (unpackProgressRow(d.stored, d.keys)?.state as StudentState);
interface Entry {
  stored: string;
  ctx: number;
  from: number;
  until: number;
  digest: Digest;
}

const kept = new Map<string, Map<string, Entry>>();
let size = 0;
const packIds = new WeakMap<Pack, number>();
let packs = 0;
const contexts = new Map<string, number>();

/** What a digest depends on besides the row, as a number: the pack (by identity), skills, parameters, settings. */
function contextKey(ctx: ActivityContext): number {
  let id = packIds.get(ctx.pack);
  if (id === undefined) packIds.set(ctx.pack, (id = ++packs));
  const key = `${id}|${ctx.activitySkills.join(',')}|${JSON.stringify(ctx.params)}|${JSON.stringify(ctx.config)}`;
  if (!contexts.has(key)) {
    if (contexts.size >= 1000) contexts.clear(); // new numbers from here on: nothing kept matches by mistake
    contexts.set(key, ++packs);
  }
  return contexts.get(key)!;
}

function digestOf(ctx: ActivityContext, titleOf: (id: string) => string, state: StudentState, nowIso: string): Digest {
  const mastered: number[] = [];
  const preview = PREVIEW.map(() => 0);
  ctx.activitySkills.forEach((id, i) => {
    const k = state.skills[id];
    if (!k) return;
    if (k.mastered) mastered.push(i);
    for (let t = 0; t < PREVIEW.length; t++) if (k.mastered || k.pMastered >= PREVIEW[t]!) preview[t]!++;
  });
  const raised = flags(ctx.pack, state, nowIso, ctx.config, ctx.params);
  const attention = attentionFor(ctx.pack, state, raised, nowIso).map((a) => ({
    ...a,
    ...(a.skillId ? { skill: titleOf(a.skillId) } : {}),
  }));
  const lastActive = state.lastActiveAt ? Date.parse(state.lastActiveAt) : NaN;
  return { mastered, preview, lastActive, attention };
}

/**
 * The digest of every stored row of an activity at `now`, from the kept entries where they still
 * hold. A row that cannot be read is written again from its progress document (repository).
 */
export async function digestsOf(
  activityId: string,
  rows: StoredRow[],
  ctx: ActivityContext,
  titleOf: (id: string) => string,
  now: Date,
): Promise<Map<string, StudentDigest>> {
  const key = contextKey(ctx);
  const nowMs = now.getTime();
  const nowIso = now.toISOString();
  const before = kept.get(activityId);
  const after = new Map<string, Entry>();
  const out = new Map<string, StudentDigest>();
  for (const [personId, stored, keys] of rows) {
    const e = before?.get(personId);
    if (e && e.stored === stored && e.ctx === key && e.from <= nowMs && nowMs < e.until) {
      after.set(personId, e);
      out.set(personId, { digest: e.digest, stored, keys });
      continue;
    }
    const decoded = unpackProgressRow(stored, keys);
    const read = decoded ?? (await repairProgressRow(activityId, personId, stored));
    if (!read) continue;
    const state = read.state as StudentState;
    const digest = digestOf(ctx, titleOf, state, nowIso);
    // Rows of the earlier format (objects) and repaired rows are not kept: they are rewritten.
    if (typeof stored === 'string' && decoded)
      after.set(personId, { stored, ctx: key, from: nowMs, until: attentionChangesAt(state, nowMs, ctx.config), digest });
    out.set(personId, { digest, stored, keys, state });
  }
  size += after.size - (before?.size ?? 0);
  kept.delete(activityId);
  kept.set(activityId, after);
  for (const [id, m] of kept) {
    if (size <= MAX_STUDENTS || kept.size <= 1) break;
    kept.delete(id);
    size -= m.size;
  }
  return out;
}

/** Drops every kept digest (tests). */
export function forgetDigests(): void {
  kept.clear();
  size = 0;
}

let ranks = new Map<string, number>();
/**
 * Each name's place in the order `Intl.Collator` gives, kept between views: sorting thousands of
 * rows then compares numbers, and names are collated again only when a new one appears.
 */
export function nameRanks(names: string[]): Map<string, number> {
  if (names.every((n) => ranks.has(n))) return ranks;
  const all = new Set(ranks.size + names.length > 200_000 ? names : [...ranks.keys(), ...names]);
  const collator = new Intl.Collator();
  ranks = new Map([...all].sort(collator.compare).map((n, i) => [n, i]));
  return ranks;
}

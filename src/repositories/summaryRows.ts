/**
 * How one row of the class summaries (classSummary.ts) is stored: ONE string per student, because
 * the embedded engine (FerretDB 1.24 on SQLite) stores every value with its type and decodes them
 * all on each read, so a bucket's read time follows its number of values and its bytes. Nested
 * rows (~150 values per student) made the overview of 3,000 students take seconds; one short
 * string per student makes it a fraction of that (docs/benchmarks.md, "Teacher's cockpit").
 *
 * A progress row: `VVVVVVVVVV|h|created|lastActive|chosenSkill|skill;skill;…`
 * - `V…`: the progress document's version, 10 decimal digits, so that on MongoDB a row's guard
 *   ("only move forward") is a string comparison in the update's filter (`$lt`);
 * - `h`: the key of the row's list of skill ids in the bucket's `keys` (content-addressed: the key
 *   is a hash of the list, so writing it beside the row is idempotent and never conflicts);
 * - times as milliseconds in base 36; each skill, in the list's order, as base-36 integers
 *   `pMastered×10⁶,n,attempts,correct,bits,early n,correct,hinted,slow[,wheelSpinningAt[,reviewDue]]`,
 *   counts of zero at the end left out.
 * A state that does not fit this (a time that is not an ISO instant, a count that is not a whole
 * number…) is stored whole as JSON after `|J|`, so nothing is ever lost to the encoding.
 *
 * A learner row: the JSON array `[sub, name]` (name '' for pseudonymous schools).
 * Rows in the earlier format (objects) are still read; the reconciler rewrites them.
 */
import { createHash } from 'node:crypto';
import type { SkillState, StudentState } from '../domain/policy/index.ts';

/** The part of a student's state the overview reads (cells, flags, figures). */
export type OverviewState = Pick<StudentState, 'skills' | 'createdAt' | 'lastActiveAt' | 'chosenSkill'>;

const VERSION_DIGITS = 10;
const JSON_MARK = 'J';

/** The row's version as stored: fixed width, so strings compare as the numbers do. */
export function versionText(v: number): string {
  return String(Math.max(0, Math.floor(v))).padStart(VERSION_DIGITS, '0');
}

/** The key of a list of skill ids in a bucket's `keys` (content-addressed). */
export function keyOf(skills: string[]): string {
  return createHash('sha1').update(skills.join('\n')).digest('hex').slice(0, 12);
}

const SAFE_ID = /^[A-Za-z0-9_.-]+$/;
const int = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const b36 = (x: number) => x.toString(36);

/** An ISO instant as base-36 milliseconds, or undefined when it would not read back identical. */
function time(t: string | undefined): string | undefined {
  if (t === undefined) return '';
  const ms = Date.parse(t);
  if (!Number.isFinite(ms) || ms < 0 || ms >= YEAR_10000 || new Date(ms).toISOString() !== t) return undefined;
  return b36(ms);
}

const YEAR_10000 = 253_402_300_800_000;
const pad = (x: number, w: number) => String(x).padStart(w, '0');
/**
 * `new Date(ms).toISOString()` for 1970..9999, by arithmetic (days to civil date, H. Hinnant's
 * algorithm): several times faster, and the overview turns thousands of times back into text.
 */
export function isoOf(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  const milli = rest - sec * 1000;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(h, 2)}:${pad(m, 2)}:${pad(sec, 2)}.${pad(milli, 3)}Z`;
}
const iso = isoOf;

function skillText(s: SkillState): string | undefined {
  const e = s.early ?? { n: 0, correct: 0, hinted: 0, slow: 0 };
  const p = Math.round(s.pMastered * 1e6);
  const counts = [s.n, s.attempts, s.correct, e.n, e.correct, e.hinted, e.slow];
  if (!(s.pMastered >= 0 && s.pMastered <= 1) || !counts.every(int)) return undefined;
  const w = time(s.wheelSpinningAt);
  const d = time(s.review?.due);
  if (w === undefined || d === undefined) return undefined;
  const bits = (s.mastered ? 1 : 0) | (s.everMastered ? 2 : 0);
  const parts = [p, s.n, s.attempts, s.correct, bits, e.n, e.correct, e.hinted, e.slow].map(b36);
  if (w || d) parts.push(w);
  if (d) parts.push(d);
  // Counts of zero at the end are left out (a skill not yet practised is just its estimate).
  while (parts.length > 1 && parts.at(-1) === '0') parts.pop();
  return parts.join(',');
}

/**
 * A progress row for `state` at `version`, and the skill-id list it refers to (to be written in
 * the same update under `keys.<key>`; undefined when the row is stored whole).
 */
export function packProgressRow(version: number, state: OverviewState): { row: string; key?: { id: string; skills: string[] } } {
  const head = versionText(version);
  const ids = Object.keys(state.skills ?? {});
  const created = typeof state.createdAt === 'string' ? time(state.createdAt) : undefined;
  const active = time(state.lastActiveAt);
  const texts = ids.map((id) => skillText(state.skills[id]!));
  const chosen = state.chosenSkill ?? '';
  const compact =
    created !== undefined &&
    active !== undefined &&
    (state.chosenSkill === undefined || SAFE_ID.test(chosen)) &&
    texts.every((t) => t !== undefined) &&
    ids.every((id) => id !== '');
  if (!compact) {
    const whole: OverviewState = {
      skills: state.skills ?? {},
      createdAt: state.createdAt,
      ...(state.lastActiveAt !== undefined ? { lastActiveAt: state.lastActiveAt } : {}),
      ...(state.chosenSkill !== undefined ? { chosenSkill: state.chosenSkill } : {}),
    };
    return { row: `${head}|${JSON_MARK}|${JSON.stringify(whole)}` };
  }
  const key = ids.length ? { id: keyOf(ids), skills: ids } : undefined;
  return { row: [head, key?.id ?? '', created, active, chosen, texts.join(';')].join('|'), ...(key ? { key } : {}) };
}

/** A row in the earlier format: `{ v, c, l?, f?, k: { skillId: [p, n, attempts, correct, bits, en, ec, eh, es, w?, due?] } }`. */
interface LegacyRow {
  v: number;
  c: string;
  l?: string;
  f?: string;
  k: Record<string, Array<number | string>>;
}
const isLegacy = (r: unknown): r is LegacyRow =>
  typeof r === 'object' && r !== null && typeof (r as LegacyRow).v === 'number' && typeof (r as LegacyRow).k === 'object';

function skillOf(n: ArrayLike<number>, w?: string, due?: string): SkillState {
  const s: SkillState = {
    pMastered: n[0]!,
    n: n[1]!,
    attempts: n[2]!,
    correct: n[3]!,
    mastered: (n[4]! & 1) === 1,
    everMastered: (n[4]! & 2) === 2,
    early: { n: n[5]!, correct: n[6]!, hinted: n[7]!, slow: n[8]! },
    errorStreak: 0,
    remediation: 'none',
    reviews: 0,
    lapses: 0,
  };
  if (w) s.wheelSpinningAt = w;
  if (due) s.review = { due } as SkillState['review']; // the overview reads only `due`
  return s;
}

const COMMA = 44;
const SEMICOLON = 59;
/** The value of a base-36 digit's character code, or -1. */
const digit = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : -1);

/**
 * The skills of a compact row, one character at a time (no intermediate strings or arrays: the
 * overview decodes thousands of rows per view). Undefined when the text does not match `ids`.
 */
function decodeSkills(body: string, ids: string[]): Record<string, SkillState> | undefined {
  const skills: Record<string, SkillState> = {};
  if (ids.length === 0) return body === '' ? skills : undefined;
  const n = new Float64Array(11);
  let i = 0;
  for (const id of ids) {
    n.fill(0);
    n[9] = n[10] = -1;
    let field = 0;
    for (;;) {
      let v = 0;
      let digits = 0;
      for (let d = digit(body.charCodeAt(i)); d >= 0; d = digit(body.charCodeAt(++i))) {
        v = v * 36 + d;
        digits++;
      }
      // Only a time may be empty (the wheel-spinning time before a review's due time).
      if (digits === 0 && field !== 9) return undefined;
      if (digits) n[field] = v;
      field++;
      const sep = i < body.length ? body.charCodeAt(i) : SEMICOLON;
      i++;
      if (sep === SEMICOLON) break;
      if (sep !== COMMA || field >= 11) return undefined;
    }
    n[0] = n[0]! / 1e6;
    skills[id] = skillOf(n, n[9]! >= 0 ? iso(n[9]!) : undefined, n[10]! >= 0 ? iso(n[10]!) : undefined);
  }
  return i >= body.length ? skills : undefined;
}

function unpackLegacy(r: LegacyRow): OverviewState {
  const skills: Record<string, SkillState> = {};
  for (const [id, p] of Object.entries(r.k)) skills[id] = skillOf(p as number[], p[9] as string, p[10] as string);
  return { skills, createdAt: r.c, ...(r.l ? { lastActiveAt: r.l } : {}), ...(r.f ? { chosenSkill: r.f } : {}) };
}

/** The version a stored row records (either format), or undefined when it cannot be read. */
export function rowVersion(stored: unknown): number | undefined {
  if (typeof stored === 'string') {
    const v = Number(stored.slice(0, VERSION_DIGITS));
    return stored[VERSION_DIGITS] === '|' && Number.isSafeInteger(v) ? v : undefined;
  }
  return isLegacy(stored) ? stored.v : undefined;
}

/**
 * A stored progress row (either format) read back, with the bucket's `keys`; undefined when it
 * cannot be read (unknown shape, a key that is missing): the caller rewrites it from progress.
 */
export function unpackProgressRow(
  stored: unknown,
  keys: Record<string, unknown> = {},
): { version: number; state: OverviewState } | undefined {
  if (isLegacy(stored)) return { version: stored.v, state: unpackLegacy(stored) };
  const version = rowVersion(stored);
  if (version === undefined) return undefined;
  const row = stored as string;
  try {
    const rest = row.slice(VERSION_DIGITS + 1);
    if (rest.startsWith(`${JSON_MARK}|`)) return { version, state: JSON.parse(rest.slice(2)) as OverviewState };
    const [key, created, active, chosen, body] = rest.split('|');
    if (body === undefined || !created) return undefined;
    const ids = key ? keys[key] : [];
    if (!Array.isArray(ids)) return undefined;
    const skills = decodeSkills(body, ids as string[]);
    if (!skills) return undefined;
    return {
      version,
      state: {
        skills,
        createdAt: iso(parseInt(created, 36)),
        ...(active ? { lastActiveAt: iso(parseInt(active, 36)) } : {}),
        ...(chosen ? { chosenSkill: chosen } : {}),
      },
    };
  } catch {
    return undefined;
  }
}

/** A learner row as stored. */
export function packMemberRow(sub: string, name: string): string {
  return JSON.stringify([sub, name]);
}

/** A stored learner row (either format) read back, or undefined when it cannot be read. */
export function unpackMemberRow(stored: unknown): { sub: string; name: string } | undefined {
  try {
    const r = typeof stored === 'string' ? (JSON.parse(stored) as unknown) : stored;
    if (Array.isArray(r) && typeof r[0] === 'string' && typeof r[1] === 'string') return { sub: r[0], name: r[1] };
    const o = r as { s?: unknown; n?: unknown } | null;
    if (o && typeof o.s === 'string') return { sub: o.s, name: typeof o.n === 'string' ? o.n : '' };
  } catch {
    // unreadable: undefined below
  }
  return undefined;
}

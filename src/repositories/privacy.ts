/**
 * Where student data lives, collection by collection, for export, deletion and the "nothing left"
 * scan. Collections are discovered from mongoose's registry of models, so a collection another
 * part of Pathwise adds is covered as soon as its model is registered:
 *
 * - a model with a `courseId` field is found by course (and by platform, through its courses);
 * - a model with a `personId` field is found by person (restricted to the course when one is given);
 * - everything else must be described below (`EXPLICIT`) or listed as holding no student data
 *   (`NOT_PERSONAL`); `unclassifiedCollections()` names any collection that is neither, and the
 *   privacy tests fail on it.
 *
 * Ids are matched both as ObjectIds and as strings, and people and courses are found through their
 * fields (issuer, sub, contextId), never through the shape of an `_id`, so a change of key format
 * does not hide data. ltijs keeps its own collections (launch tokens for 24 hours, login state for
 * 10 minutes, platform keys); they are described here by the fields ltijs writes.
 */
import mongoose from 'mongoose';
import { idForms, type ResolvedScope } from './privacyScope.ts';
import './models/all.ts';
import { unpackMemberRow, unpackProgressRow } from './summaryRows.ts';

type Filter = Record<string, unknown>;

export { idForms, resolveScope, type ResolvedScope } from './privacyScope.ts';

export interface Source {
  collection: string;
  /**
   * The records of this collection in scope; undefined when the collection has none for this kind
   * of scope. An export shows every person of the scope; a deletion removes only those with nothing
   * left outside it.
   */
  filter(scope: ResolvedScope, mode: 'export' | 'delete'): Filter | undefined;
  /** Key material: counted and deleted, never exported. */
  secret?: boolean;
  /** For records shared by several people: the part an export may show (undefined: nothing). */
  exportPart?(doc: Record<string, unknown>, scope: ResolvedScope): Record<string, unknown> | undefined;
  /** Deleted after everything else, so an interrupted deletion can be run again and finish. */
  anchor?: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const courseIds = (s: ResolvedScope) => idForms(s.courses.map((c) => c._id));
const personIds = (s: ResolvedScope) => idForms(s.people.map((p) => p._id));
const subs = (s: ResolvedScope) => s.people.map((p) => p.sub);
/** ltijs names a launch context by the URL-encoded issuer, client, deployment and context id. */
const ltijsContextPrefixes = (s: ResolvedScope) =>
  s.courses.map((c) => new RegExp(`^${escape(encodeURIComponent(s.issuer + s.clientId + c.deploymentId + c.contextId + '_'))}`));

const EXPLICIT: Source[] = [
  {
    // Class-overview summaries hold rows of many students (derived from progress and enrolments):
    // an export shows only the rows of the people in scope; a deletion removes the summaries of the
    // courses in scope whole, and they are rebuilt on the next read.
    collection: 'pw_class_summaries',
    filter: (s) => ({ courseId: { $in: courseIds(s) } }),
    // Rows are stored packed (summaryRows.ts): the export shows them read back, in plain fields.
    exportPart: (doc, s) => {
      const ids = new Set(s.people.map((p) => String(p._id)));
      const rows = Object.entries((doc.rows ?? {}) as Record<string, unknown>).filter(([personId]) => ids.has(personId));
      if (!rows.length) return undefined;
      const keys = (doc.keys ?? {}) as Record<string, unknown>;
      const readable = (r: unknown) =>
        String(doc._id).startsWith('members:') ? (unpackMemberRow(r) ?? r) : (unpackProgressRow(r, keys) ?? r);
      const { keys: _skillLists, ...rest } = doc;
      return { ...rest, rows: Object.fromEntries(rows.map(([personId, r]) => [personId, readable(r)])) };
    },
  },
  {
    // The LMS roster cache holds every member of a course (platform id, name, role, and who can
    // see each activity): an export shows only the people in scope; a deletion removes the
    // course's roster whole, and the next teacher visit reads it from the LMS again.
    collection: 'pw_rosters',
    filter: (s) => ({ courseId: { $in: courseIds(s) } }),
    exportPart: (doc, s) => {
      const mine = new Set(subs(s));
      const members = ((doc.members ?? []) as Array<{ sub?: string }>).filter((m) => m.sub !== undefined && mine.has(m.sub));
      if (!members.length) return undefined;
      const links = ((doc.links ?? []) as Array<{ resourceLinkId?: string; subs?: string[] }>)
        .filter((l) => l.subs?.some((x) => mine.has(x)))
        .map((l) => ({ resourceLinkId: l.resourceLinkId, subs: l.subs?.filter((x) => mine.has(x)) }));
      return { _id: doc._id, courseId: doc.courseId, fetchedAt: doc.fetchedAt, members, links };
    },
  },
  {
    collection: 'pw_people',
    anchor: true,
    filter: (s, mode) => ({ _id: { $in: idForms((mode === 'export' ? s.people : s.peopleToForget).map((p) => p._id)) } }),
  },
  { collection: 'pw_courses', anchor: true, filter: (s) => (s.kind === 'student' ? undefined : { _id: { $in: courseIds(s) } }) },
  {
    collection: 'pw_registrations',
    anchor: true,
    filter: (s) => (s.kind === 'platform' ? { issuer: s.issuer, clientId: s.clientId } : undefined),
  },
  {
    collection: 'pw_privacy_settings',
    anchor: true,
    filter: (s) => (s.kind === 'platform' ? { issuer: s.issuer, clientId: s.clientId } : undefined),
  },
  { collection: 'pw_grade_clocks', filter: (s) => ({ _id: { $in: s.gradeKeys } }) },
  // The one-time registration link a school's LMS used: it names the registration that used it.
  { collection: 'pw_registration_invites', filter: (s) => (s.kind === 'platform' ? { usedBy: `${s.issuer} ${s.clientId}` } : undefined) },
  // ltijs: launch tokens (name, e-mail, roles, context) kept 24 hours; login state kept 10 minutes.
  { collection: 'idtokens', filter: (s) => ({ iss: s.issuer, clientId: s.clientId, user: { $in: subs(s) } }) },
  {
    collection: 'contexttokens',
    filter: (s) =>
      s.kind === 'student'
        ? { user: { $in: subs(s) }, contextId: { $regex: `^${escape(encodeURIComponent(s.issuer))}` } }
        : { contextId: { $in: ltijsContextPrefixes(s) } },
  },
  {
    collection: 'states',
    filter: (s) =>
      s.kind === 'platform'
        ? { 'query.iss': s.issuer, 'query.client_id': s.clientId }
        : { 'query.iss': s.issuer, 'query.login_hint': { $in: subs(s) } },
  },
  // ltijs: the registration and its key pair (encrypted, see commands/privacy/keyRotation.ts).
  {
    collection: 'platforms',
    anchor: true,
    filter: (s) => (s.kind === 'platform' ? { platformUrl: s.issuer, clientId: s.clientId } : undefined),
  },
  {
    collection: 'privatekeys',
    secret: true,
    filter: (s) => (s.kind === 'platform' ? { platformUrl: s.issuer, clientId: s.clientId } : undefined),
  },
  {
    collection: 'publickeys',
    secret: true,
    filter: (s) => (s.kind === 'platform' ? { platformUrl: s.issuer, clientId: s.clientId } : undefined),
  },
  {
    collection: 'accesstokens',
    secret: true,
    filter: (s) => (s.kind === 'platform' ? { platformUrl: s.issuer, clientId: s.clientId } : undefined),
  },
];

/**
 * Collections that hold no student data: short-lived protocol records with no person in them,
 * the audit trail (retained separately, references only), and engine housekeeping.
 */
export const NOT_PERSONAL: Record<string, string> = {
  nonces: 'ltijs: id_token nonces, expire with the token',
  platformstatuses: 'ltijs: whether a registration is active (keyed by key id)',
  pw_audit: 'the audit trail: keyed references only; retained separately (docs/privacy.md)',
  pathwise_ttl_probe: 'engine check, dropped immediately',
  pw_ended_sessions: 'ids of ended sessions (random), kept until the session would have expired',
  pw_used_tokens: 'hashes of single-use tokens (state, Deep Linking answers), kept until they expire',
  pw_rate_limits: 'request counters per limiter, address and one-minute window, expiring with the window',
  pw_job_leases: 'which instance runs a scheduled job, and until when',
};

/** Records of these collections are found by course/person fields even though they are not listed above. */
function discovered(): Source[] {
  const explicit = new Set([...EXPLICIT.map((s) => s.collection), ...Object.keys(NOT_PERSONAL)]);
  const out: Source[] = [];
  for (const model of Object.values(mongoose.connection.models)) {
    const collection = model.collection.collectionName;
    if (explicit.has(collection)) continue;
    const hasCourse = Boolean(model.schema.path('courseId'));
    const hasPerson = Boolean(model.schema.path('personId'));
    if (!hasCourse && !hasPerson) continue;
    out.push({
      collection,
      filter: (s, mode) => {
        if (s.kind === 'student') {
          if (!hasPerson) return undefined;
          const f: Filter = { personId: { $in: personIds(s) } };
          if (hasCourse) f.courseId = { $in: courseIds(s) };
          return f;
        }
        return hasCourse
          ? { courseId: { $in: courseIds(s) } }
          : { personId: { $in: idForms((mode === 'export' ? s.people : s.peopleToForget).map((p) => p._id)) } };
      },
    });
  }
  return out;
}

/** Every source, anchors last (deletion order). */
export function sources(): Source[] {
  const all = [...discovered(), ...EXPLICIT];
  return [...all.filter((s) => !s.anchor), ...all.filter((s) => s.anchor)];
}

/** Collections in the database that no rule covers: a new collection that must be classified here. */
export async function unclassifiedCollections(): Promise<string[]> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  const known = new Set([...sources().map((s) => s.collection), ...Object.keys(NOT_PERSONAL)]);
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  return names.filter((n) => !known.has(n) && !n.startsWith('system.')).sort();
}

/** The raw collection (any collection, modelled or not). */
export function collection(name: string) {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  return db.collection(name);
}

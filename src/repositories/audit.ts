/**
 * The audit trail's only door: `record` appends an entry, `list` reads a school's entries. There
 * is no update or delete here, and the model refuses them (models/AuditEntry.ts); the one removal
 * is `pruneOlderThan`, by age only, after the trail's own retention period (docs/privacy.md).
 *
 * People and courses are stored as keyed references (HMAC-SHA256 of the id under a key derived
 * from the server secret), not ids or names: the trail survives a deletion without keeping
 * anything that points back at the child, while `list` can still resolve the references of people
 * and courses that exist today.
 */
import { createHmac } from 'node:crypto';
import { AuditEntry, type AuditAction } from './models/AuditEntry.ts';
import { Course } from './models/Course.ts';
import { Person } from './models/Person.ts';
import { idForms } from './privacy.ts';

export interface AuditActor {
  kind: 'teacher' | 'operator' | 'system';
  /** The teacher's person id. */
  personId?: string;
  /** An operator's name as given on the command line. */
  name?: string;
}

export interface AuditRecord {
  actor: AuditActor;
  action: AuditAction;
  courseId?: string;
  subjectId?: string;
  issuer?: string;
  clientId?: string;
  detail?: Record<string, unknown>;
}

export interface AuditView {
  at: string;
  action: string;
  actorKind: string;
  actor: string;
  course: string;
  subject: string;
  detail: Record<string, unknown>;
}

export class AuditLog {
  constructor(private readonly key: string) {}

  /** A stable reference to an id that cannot be turned back into the id without the key. */
  ref(id: string | undefined): string {
    if (!id) return '';
    return `ref-${createHmac('sha256', this.key).update(id).digest('hex').slice(0, 24)}`;
  }

  /** Appends one entry. A teacher's action names its course; the school is read from it. */
  async record(r: AuditRecord): Promise<void> {
    let { issuer, clientId } = r;
    if ((!issuer || !clientId) && r.courseId) {
      const course = await Course.findOne({ _id: { $in: idForms([r.courseId]) } }, { issuer: 1, clientId: 1 }).lean();
      issuer ??= course?.issuer;
      clientId ??= course?.clientId;
    }
    const actorRef = r.actor.kind === 'teacher' ? this.ref(r.actor.personId) : (r.actor.name ?? r.actor.kind).slice(0, 100);
    await AuditEntry.create({
      issuer: issuer ?? '',
      clientId: clientId ?? '',
      action: r.action,
      actorKind: r.actor.kind,
      actorRef,
      courseRef: this.ref(r.courseId),
      subjectRef: this.ref(r.subjectId),
      detail: r.detail ?? {},
    });
  }

  /** A school's entries, oldest first, with references resolved for people and courses that still exist. */
  async list(q: { issuer: string; clientId: string; courseId?: string; since?: Date }): Promise<AuditView[]> {
    const filter: Record<string, unknown> = { issuer: q.issuer, clientId: q.clientId };
    if (q.courseId) filter.courseRef = this.ref(q.courseId);
    if (q.since) filter.at = { $gte: q.since };
    const [entries, people, courses] = await Promise.all([
      AuditEntry.find(filter).sort({ at: 1 }).limit(100_000).lean(),
      Person.find({ issuer: q.issuer }, { _id: 1 }).lean(),
      Course.find({ issuer: q.issuer, clientId: q.clientId }, { _id: 1, title: 1 }).lean(),
    ]);
    const names = new Map<string, string>();
    for (const p of people) names.set(this.ref(String(p._id)), `person ${String(p._id)}`);
    for (const c of courses) names.set(this.ref(String(c._id)), `course ${String(c._id)}${c.title ? ` (${c.title})` : ''}`);
    const show = (ref: string) => (ref ? (names.get(ref) ?? `${ref} (no longer held)`) : '');
    return entries.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      actorKind: e.actorKind,
      actor: e.actorKind === 'teacher' ? show(e.actorRef) : e.actorRef,
      course: show(e.courseRef ?? ''),
      subject: show(e.subjectRef ?? ''),
      detail: (e.detail ?? {}) as Record<string, unknown>,
    }));
  }

  /** Removes entries older than the trail's retention period (by age only; no entry can be picked out). */
  async pruneOlderThan(days: number): Promise<number> {
    const r = await AuditEntry.collection.deleteMany({ at: { $lt: new Date(Date.now() - days * 86_400_000) } });
    return r.deletedCount;
  }
}

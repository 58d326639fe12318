/**
 * Deletion of a student, a course or a platform: every record in every collection that holds
 * their data (repositories/privacy.ts), with a count per collection. `dryRun` counts without
 * deleting, which is what an operator sees before confirming.
 *
 * Resumable without transactions: each collection is one `deleteMany` on a filter that only
 * matches what is still there, and the records that let the scope be found again (person, course,
 * registration) go last. A deletion cut short is finished by running it again; a second run of a
 * finished deletion reports that the scope no longer exists.
 */
import { resolveScope, sources, collection } from '../../repositories/privacy.ts';
import type { ScopeRequest } from './scope.ts';
import { forgetRosterNames } from './nameCache.ts';

export interface DeletionReport {
  scope: ScopeRequest;
  platform: { issuer: string; clientId: string };
  /** The courses whose records were in scope (for the audit trail). */
  courseIds: string[];
  dryRun: boolean;
  /** Records deleted (or, in a dry run, that would be) per collection; collections with none are left out. */
  counts: Record<string, number>;
  total: number;
}

export async function deleteData(req: ScopeRequest, opts: { dryRun: boolean }): Promise<DeletionReport> {
  const scope = await resolveScope(req);
  const counts: Record<string, number> = {};
  for (const source of sources()) {
    const filter = source.filter(scope, 'delete');
    if (!filter) continue;
    const c = collection(source.collection);
    const n = opts.dryRun ? await c.countDocuments(filter) : (await c.deleteMany(filter)).deletedCount;
    if (n) counts[source.collection] = n;
  }
  // Names held in memory for a deleted course (pseudonymous mode) go with it.
  if (!opts.dryRun && scope.kind !== 'student')
    for (const c of scope.courses) forgetRosterNames({ issuer: scope.issuer, clientId: scope.clientId, courseId: String(c._id) });
  return {
    scope: req,
    platform: { issuer: scope.issuer, clientId: scope.clientId },
    courseIds: scope.courses.map((c) => String(c._id)),
    dryRun: opts.dryRun,
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
  };
}

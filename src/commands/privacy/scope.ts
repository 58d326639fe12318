/** The three scopes a school can ask about, parsed once with zod at every boundary (CLI, route). */
import { z } from 'zod';

export const scopeRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('student'), personId: z.string().min(1).max(200), courseId: z.string().min(1).max(200).optional() }),
  z.object({ kind: z.literal('course'), courseId: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('platform'), issuer: z.string().url(), clientId: z.string().min(1).max(500) }),
]);
export type ScopeRequest = z.infer<typeof scopeRequest>;

/** How a scope reads in a report or an audit entry (ids only, no names). */
export function describeScope(s: ScopeRequest): string {
  if (s.kind === 'student') return `student ${s.personId}${s.courseId ? ` in course ${s.courseId}` : ''}`;
  if (s.kind === 'course') return `course ${s.courseId}`;
  return `platform ${s.issuer} (client ${s.clientId})`;
}

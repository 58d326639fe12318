/**
 * Pathwise's own session after a launch: a short signed token (HS256) carried in the page's URL
 * and forms, never in a cookie, so it works inside a cross-site iframe whatever the browser does
 * with third-party cookies. It names the tenant, the person, their role and the activity.
 */
import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { ltiError } from './lti/errors.ts';
import { ROLES, type Role } from './repositories/models/Enrollment.ts';

const claims = z.object({
  c: z.string(), // course (tenant) id
  p: z.string(), // person id
  r: z.enum(ROLES),
  a: z.string().optional(), // activity id
});

export interface Session {
  courseId: string;
  personId: string;
  role: Role;
  activityId?: string;
}

/** Derives independent keys from the one configured secret. */
export function deriveKey(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(`pathwise:${purpose}`).digest('hex');
}

export class SessionSigner {
  constructor(private readonly key: string, private readonly ttlSeconds: number) {}

  sign(s: Session): string {
    return jwt.sign({ c: s.courseId, p: s.personId, r: s.role, ...(s.activityId ? { a: s.activityId } : {}) }, this.key, {
      algorithm: 'HS256',
      expiresIn: this.ttlSeconds,
      audience: 'pathwise-session',
    });
  }

  verify(token: unknown): Session {
    if (typeof token !== 'string' || token.length === 0 || token.length > 2048) throw ltiError('session_expired');
    try {
      const raw = jwt.verify(token, this.key, { algorithms: ['HS256'], audience: 'pathwise-session' });
      const c = claims.parse(raw);
      return { courseId: c.c, personId: c.p, role: c.r, ...(c.a ? { activityId: c.a } : {}) };
    } catch {
      throw ltiError('session_expired');
    }
  }
}

/**
 * Pathwise's own session after a launch: a short signed token (HS256) carried in the page's URL
 * and forms, never in a cookie, so it works inside a cross-site iframe whatever the browser does
 * with third-party cookies. It names the tenant, the person, their role and the activity.
 *
 * Because it travels in URLs it lives briefly (SESSION_TTL_SECONDS, 30 minutes by default) and
 * is renewed while in use: a page served in the second half of its life carries a fresh token with
 * the same session id (`sid`). "End session" records the sid as ended, which every later request
 * checks, so an ended session cannot be revived by an older or renewed token.
 */
import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { ltiError } from './lti/errors.ts';
import { ROLES, type Role } from './repositories/models/Enrollment.ts';
import { EndedSession } from './repositories/models/EndedSession.ts';
import { concurrencyMode } from './db/concurrency.ts';
import { TtlCache } from './ttlCache.ts';

const claims = z.object({
  c: z.string(), // course (tenant) id
  p: z.string(), // person id
  r: z.enum(ROLES),
  a: z.string().optional(), // activity id
  sid: z.string().min(16).max(64),
  exp: z.number(),
});

export interface Session {
  courseId: string;
  personId: string;
  role: Role;
  activityId?: string;
}

export interface VerifiedSession extends Session {
  sid: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** Derives independent keys from the one configured secret. */
export function deriveKey(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(`pathwise:${purpose}`).digest('hex');
}

/**
 * Embedded engine only (one process serves every request, see db/concurrency.ts): sessions this
 * process found not ended, so a page in use does not look its session up on every request. Only
 * `end()` below ends a session and it runs in that same process, so the cache is exact; `endings`
 * changes before and after each end, and a lookup that overlapped one is not cached. With a shared
 * database (several instances may end a session) every request asks the database.
 */
const knownLive = new TtlCache<true>(5 * 60_000, 50_000);
let endings = 0;

export class SessionSigner {
  /**
   * The key as a KeyObject made once: given a string, jsonwebtoken first tries it as a public key
   * (a thrown and caught error) and then builds a secret key, on every token (~2 ms a request).
   */
  private readonly key: KeyObject;

  constructor(
    key: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = createSecretKey(Buffer.from(key, 'utf8'));
  }

  sign(s: Session & { sid?: string }): string {
    const sid = s.sid ?? randomBytes(16).toString('base64url');
    return jwt.sign({ c: s.courseId, p: s.personId, r: s.role, ...(s.activityId ? { a: s.activityId } : {}), sid }, this.key, {
      algorithm: 'HS256',
      expiresIn: this.ttlSeconds,
      audience: 'pathwise-session',
    });
  }

  async verify(token: unknown): Promise<VerifiedSession> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 2048) throw ltiError('session_expired');
    let c: z.infer<typeof claims>;
    try {
      c = claims.parse(jwt.verify(token, this.key, { algorithms: ['HS256'], audience: 'pathwise-session' }));
    } catch {
      throw ltiError('session_expired');
    }
    const cache = concurrencyMode() === 'lock';
    if (!(cache && knownLive.get(c.sid))) {
      const before = endings;
      if (await EndedSession.exists({ _id: c.sid })) throw ltiError('session_ended');
      if (cache && endings === before) knownLive.set(c.sid, true);
    }
    return { courseId: c.c, personId: c.p, role: c.r, ...(c.a ? { activityId: c.a } : {}), sid: c.sid, exp: c.exp };
  }

  /** The token a page should carry: a fresh one (same sid) once half the lifetime is gone. */
  renewed(s: VerifiedSession, token: string): string {
    return s.exp - Date.now() / 1000 < this.ttlSeconds / 2 ? this.sign(s) : token;
  }

  /** Ends the session server-side (idempotent). */
  async end(s: VerifiedSession): Promise<void> {
    endings++;
    knownLive.delete(s.sid);
    try {
      await EndedSession.updateOne({ _id: s.sid }, { $setOnInsert: { expiresAt: new Date(s.exp * 1000) } }, { upsert: true });
    } finally {
      endings++;
      knownLive.delete(s.sid);
    }
  }
}

/**
 * Assignment and Grade Services: scores are posted by us, not by ltijs, because ltijs's
 * Grade.submitScore overwrites `timestamp` with the current time, which breaks the ordering rule
 * (a retry must carry the timestamp of its grade event). ltijs still provides the access token.
 * Line-item URLs are opaque: the scores URL is the path plus "/scores", keeping the query string.
 * When the launch had no `lineitem`, or the line item was deleted in the LMS (404), the line item
 * is found or created (lineItems.ts) and the score goes there. Platform differences come from the
 * registration's profile (platforms/).
 */
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import { Registration } from '../repositories/models/Registration.ts';
import { TtlCache } from '../ttlCache.ts';
import { SCOPES } from './claims.ts';
import { fetchWithUa } from './http.ts';
import { isUnresolved, LineItemResolver } from './lineItems.ts';
import { profileFor, type PlatformProfile } from './platforms/index.ts';
import { authHeader, getPages, type PlatformOf } from './service.ts';

export interface Score {
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  timestamp: string;
  activityProgress: 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
  gradingProgress: 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';
  comment?: string;
}

/**
 * What to do after an attempt: done, retry later (no sooner than `retryAfterMs` when the platform
 * said so), or stop and keep the grade for a person to see (a permanent refusal: sending it again
 * cannot succeed until someone changes something).
 */
export type SendOutcome =
  | { kind: 'sent'; status: number }
  | { kind: 'superseded'; status: number; detail: string }
  | { kind: 'retry'; status: number; detail: string; retryAfterMs?: number }
  | { kind: 'rejected'; status: number; detail: string };

/** Every outbound call (token request included) gives up after this long. */
export const AGS_TIMEOUT_MS = 10_000;

/** `Retry-After` as milliseconds (seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_r, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/** Removes ltijs's cached access token of a platform and scope, so the next call requests a new one. */
export function scoresUrl(lineItemUrl: string): string {
  const u = new URL(lineItemUrl);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/scores`;
  return u.toString();
}

const resultSchema = z
  .object({
    userId: z.string(),
    resultScore: z.number().optional(),
    resultMaximum: z.number().optional(),
    comment: z.string().optional(),
  })
  .passthrough();

export interface LmsResult {
  userId: string;
  resultScore?: number;
  resultMaximum?: number;
  comment?: string;
}

export class AgsClient {
  private readonly profiles = new TtlCache<PlatformProfile>(60_000);
  readonly lineItems: LineItemResolver;

  constructor(
    private readonly platformOf: PlatformOf,
    private readonly log: Logger,
  ) {
    this.lineItems = new LineItemResolver(platformOf, log);
  }

  /** The profile of a registration (Canvas, Moodle or generic), cached for a minute. */
  async profile(issuer: string, clientId: string): Promise<PlatformProfile> {
    const key = `${issuer} ${clientId}`;
    const hit = this.profiles.get(key);
    if (hit) return hit;
    const reg = await Registration.findOne({ issuer, clientId }, { productFamily: 1 }).lean();
    const profile = profileFor(reg?.productFamily);
    this.profiles.set(key, profile);
    return profile;
  }

  /**
   * Sends one score. With `activityId`, a line item that is not known yet (placeholder URL) or
   * answers 404 is found or created, and the score is sent there once more.
   * `canvas` is accepted for old callers and ignored: the registration's profile decides.
   */
  async sendScore(p: {
    issuer: string;
    clientId: string;
    lineItemUrl: string;
    score: Score;
    activityId?: string;
    canvas?: boolean;
  }): Promise<SendOutcome> {
    let status = 0;
    try {
      const profile = await this.profile(p.issuer, p.clientId);
      let target = p.lineItemUrl;
      if (p.activityId && isUnresolved(target))
        target = await this.lineItems.resolve({ issuer: p.issuer, clientId: p.clientId, activityId: p.activityId });
      else if (p.activityId) target = await this.lineItems.redirected(p.activityId, target);
      let res = await this.post(p.issuer, p.clientId, target, p.score, profile);
      if (res.status === 404 && p.activityId) {
        this.log.warn({ lineItem: target, platform: p.issuer }, 'line item is gone from the LMS; finding or creating it again');
        target = await this.lineItems.resolve({ issuer: p.issuer, clientId: p.clientId, activityId: p.activityId, gone: target });
        res = await this.post(p.issuer, p.clientId, target, p.score, profile);
      }
      status = res.status;
      if (res.ok) {
        this.log.info(
          { platform: p.issuer, family: profile.family, status, lineItem: target, progress: p.score.activityProgress },
          'grade sent',
        );
        return { kind: 'sent', status };
      }
      const detail = res.text.slice(0, 500);
      if (profile.isSuperseded(status, res.text)) return { kind: 'superseded', status, detail };
      if (profile.isRetryable(status)) {
        const after = retryAfterMs(res.retryAfter);
        return { kind: 'retry', status, detail, ...(after !== undefined ? { retryAfterMs: after } : {}) };
      }
      return { kind: 'rejected', status, detail };
    } catch (err) {
      const s = (err as { status?: number }).status ?? status;
      this.log.warn({ err: (err as Error).message, status: s, platform: p.issuer }, 'score could not be sent; will retry');
      return { kind: 'retry', status: s, detail: (err as Error).message };
    }
  }

  /**
   * Posts one score. The token request and the post each have a time limit; a 401 drops the cached
   * token and tries once more with a fresh one (a platform may revoke tokens before they expire).
   */
  private async post(
    issuer: string,
    clientId: string,
    lineItemUrl: string,
    score: Score,
    profile: PlatformProfile,
  ): Promise<{ ok: boolean; status: number; text: string; retryAfter: string | null }> {
    const platform = await this.platformOf(issuer, clientId);
    const body: Record<string, unknown> = { ...score, ...profile.scoreExtras() };
    if (body.comment === undefined) delete body.comment;
    let res: Response | undefined;
    for (let round = 0; round < 2; round++) {
      const auth = await withTimeout(authHeader(platform, SCOPES.score), AGS_TIMEOUT_MS, 'the access token request');
      res = await fetchWithUa(
        scoresUrl(lineItemUrl),
        {
          method: 'POST',
          headers: { Authorization: auth, 'Content-Type': 'application/vnd.ims.lis.v1.score+json' },
          body: JSON.stringify(body),
        },
        AGS_TIMEOUT_MS,
      );
      if (res.status !== 401 || round === 1) break;
      await res.text().catch(() => '');
      await platform.dropAccessToken(SCOPES.score);
    }
    const final = res as Response;
    return { ok: final.ok, status: final.status, text: await final.text().catch(() => ''), retryAfter: final.headers.get('retry-after') };
  }

  /** What the LMS gradebook holds for a line item (needs the result.readonly scope). */
  async results(p: { issuer: string; clientId: string; lineItemUrl: string }): Promise<LmsResult[]> {
    const platform = await this.platformOf(p.issuer, p.clientId);
    const auth = await authHeader(platform, SCOPES.resultReadonly);
    const u = new URL(p.lineItemUrl);
    u.pathname = `${u.pathname.replace(/\/+$/, '')}/results`;
    const { pages } = await getPages({
      url: u.toString(),
      auth,
      accept: 'application/vnd.ims.lis.v2.resultcontainer+json',
      schema: z.array(resultSchema),
    });
    return pages.flat().map((r) => ({
      userId: r.userId,
      ...(r.resultScore !== undefined ? { resultScore: r.resultScore } : {}),
      ...(r.resultMaximum !== undefined ? { resultMaximum: r.resultMaximum } : {}),
      ...(r.comment !== undefined ? { comment: r.comment } : {}),
    }));
  }
}

/**
 * Assignment and Grade Services: scores are posted by us, not by ltijs, because ltijs's
 * Grade.submitScore overwrites `timestamp` with the current time, which breaks the ordering rule
 * (a retry must carry the timestamp of its grade event). ltijs still provides the access token.
 * Line-item URLs are opaque: the scores URL is the path plus "/scores", keeping the query string.
 */
import type { LtijsPlatform } from 'ltijs';
import mongoose from 'mongoose';
import type { Logger } from '../logger.ts';
import { SCOPES } from './claims.ts';
import { fetchWithUa } from './http.ts';

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
 * said so), or stop and keep the grade for a person to see (a permanent refusal: 400, 403, 404,
 * 410, 422: sending it again cannot succeed until someone changes something).
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

export function scoresUrl(lineItemUrl: string): string {
  const u = new URL(lineItemUrl);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/scores`;
  return u.toString();
}

export class AgsClient {
  constructor(
    private readonly platformOf: (issuer: string, clientId: string) => Promise<LtijsPlatform>,
    private readonly log: Logger,
  ) {}

  /**
   * Posts one score. The platform's token is requested with a time limit; a 401 drops the cached
   * token and tries once more with a fresh one (a platform may revoke tokens before they expire).
   */
  async sendScore(p: { issuer: string; clientId: string; lineItemUrl: string; score: Score; canvas?: boolean }): Promise<SendOutcome> {
    let status = 0;
    try {
      const platform = await this.platformOf(p.issuer, p.clientId);
      const body: Record<string, unknown> = { ...p.score };
      // Routine syncs must not create a new Canvas submission attempt each time.
      if (p.canvas) body['https://canvas.instructure.com/lti/submission'] = { new_submission: false };
      let res: Response | undefined;
      for (let round = 0; round < 2; round++) {
        const token = await withTimeout(platform.platformAccessToken(SCOPES.score), AGS_TIMEOUT_MS, 'the access token request');
        res = await fetchWithUa(
          scoresUrl(p.lineItemUrl),
          { method: 'POST', headers: { Authorization: `${token.token_type} ${token.access_token}`, 'Content-Type': 'application/vnd.ims.lis.v1.score+json' }, body: JSON.stringify(body) },
          AGS_TIMEOUT_MS,
        );
        if (res.status !== 401 || round === 1) break;
        await res.text().catch(() => '');
        await dropCachedToken(p.issuer, p.clientId, SCOPES.score);
      }
      status = res!.status;
      const text = await res!.text().catch(() => '');
      if (res!.ok) return { kind: 'sent', status };
      const detail = text.slice(0, 500);
      // Moodle 409 / Canvas 400 on timestamp: the gradebook already holds a newer grade.
      if (status === 409 || (status === 400 && /timestamp/i.test(text))) return { kind: 'superseded', status, detail };
      if (status === 401 || status === 408 || status === 425 || status === 429 || status >= 500) {
        const after = retryAfterMs(res!.headers.get('retry-after'));
        return { kind: 'retry', status, detail, ...(after !== undefined ? { retryAfterMs: after } : {}) };
      }
      return { kind: 'rejected', status, detail };
    } catch (err) {
      this.log.warn({ err: (err as Error).message, status }, 'score could not be sent; will retry');
      return { kind: 'retry', status, detail: (err as Error).message };
    }
  }
}

/** Removes ltijs's cached access token of a platform and scope, so the next call requests a new one. */
async function dropCachedToken(issuer: string, clientId: string, scopes: string): Promise<void> {
  await mongoose.connection.db?.collection('accesstokens').deleteMany({ platformUrl: issuer, clientId, scopes });
}

/**
 * Assignment and Grade Services: scores are posted by us, not by ltijs, because ltijs's
 * Grade.submitScore overwrites `timestamp` with the current time, which breaks the ordering rule
 * (a retry must carry the timestamp of its grade event). ltijs still provides the access token.
 * Line-item URLs are opaque: the scores URL is the path plus "/scores", keeping the query string.
 */
import type { LtijsPlatform } from 'ltijs';
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

/** What to do after an attempt: done, retry later, or stop and keep the grade for a person to see. */
export type SendOutcome =
  | { kind: 'sent'; status: number }
  | { kind: 'superseded'; status: number; detail: string }
  | { kind: 'retry'; status: number; detail: string }
  | { kind: 'rejected'; status: number; detail: string };

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

  async sendScore(p: { issuer: string; clientId: string; lineItemUrl: string; score: Score; canvas?: boolean }): Promise<SendOutcome> {
    let status = 0;
    try {
      const platform = await this.platformOf(p.issuer, p.clientId);
      const token = await platform.platformAccessToken(SCOPES.score);
      const body: Record<string, unknown> = { ...p.score };
      // Routine syncs must not create a new Canvas submission attempt each time.
      if (p.canvas) body['https://canvas.instructure.com/lti/submission'] = { new_submission: false };
      const res = await fetchWithUa(scoresUrl(p.lineItemUrl), {
        method: 'POST',
        headers: { Authorization: `${token.token_type} ${token.access_token}`, 'Content-Type': 'application/vnd.ims.lis.v1.score+json' },
        body: JSON.stringify(body),
      });
      status = res.status;
      const text = await res.text().catch(() => '');
      if (res.ok) return { kind: 'sent', status };
      const detail = text.slice(0, 500);
      // Moodle 409 / Canvas 400 on timestamp: the gradebook already holds a newer grade.
      if (status === 409 || (status === 400 && /timestamp/i.test(text))) return { kind: 'superseded', status, detail };
      if (status === 401 || status === 403 || status === 408 || status === 429 || status >= 500) return { kind: 'retry', status, detail };
      return { kind: 'rejected', status, detail };
    } catch (err) {
      this.log.warn({ err: (err as Error).message, status }, 'score could not be sent; will retry');
      return { kind: 'retry', status, detail: (err as Error).message };
    }
  }
}

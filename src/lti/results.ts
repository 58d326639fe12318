/**
 * What the LMS gradebook holds, read back through AGS `/results`, next to what Pathwise last sent:
 * a teacher can see a grade changed (overridden) in the LMS. Read only when the platform granted
 * the `result.readonly` scope and the activity has a line item; otherwise nothing is called and
 * the answer says why. A failure of the LMS is reported, never thrown, so a page that shows the
 * comparison still renders.
 */
import type { AgsClient, LmsResult } from './ags.ts';
import { SCOPES } from './claims.ts';

/** Fractions closer than this are the same grade (LMSs round to two decimals). */
const SAME = 0.005;

export interface SentGrade {
  userSub: string;
  scoreGiven: number;
  scoreMaximum: number;
}

export interface GradebookRow {
  userSub: string;
  /** The LMS's grade as a fraction of its maximum; undefined when it holds none. */
  lms?: number;
  /** What Pathwise last sent, as a fraction; undefined when nothing was sent. */
  sent?: number;
  /** The LMS holds a different grade than the last one Pathwise sent. */
  changedInLms: boolean;
}

export type GradebookComparison =
  | { status: 'unavailable'; reason: 'no_result_scope' | 'no_line_item' }
  | {
      status: 'failed';
      detail: string;
      /** The HTTP status the LMS answered (token endpoint or results), when it answered at all. */
      httpStatus?: number;
      /** The LMS did not answer in time. */
      timedOut?: boolean;
    }
  | { status: 'read'; rows: GradebookRow[] };

const fraction = (score: number | undefined, max: number | undefined): number | undefined =>
  score === undefined || !max || max <= 0 ? undefined : score / max;

/** Compares the results of the activity's line item with the last grades sent, one row per student either side knows. */
export async function compareWithLms(
  ags: Pick<AgsClient, 'results'>,
  a: { issuer: string; clientId: string; lineItemUrl?: string | null; agsScopes?: string[] | null; sent: SentGrade[] },
): Promise<GradebookComparison> {
  if (!(a.agsScopes ?? []).includes(SCOPES.resultReadonly)) return { status: 'unavailable', reason: 'no_result_scope' };
  if (!a.lineItemUrl) return { status: 'unavailable', reason: 'no_line_item' };
  let results: LmsResult[];
  try {
    results = await ags.results({ issuer: a.issuer, clientId: a.clientId, lineItemUrl: a.lineItemUrl });
  } catch (err) {
    const e = err as { message?: string; status?: unknown; code?: unknown };
    return {
      status: 'failed',
      detail: String(e.message ?? err),
      ...(typeof e.status === 'number' && e.status > 0 ? { httpStatus: e.status } : {}),
      ...(e.code === 'timeout' ? { timedOut: true } : {}),
    };
  }
  const lms = new Map(results.map((r) => [r.userId, fraction(r.resultScore, r.resultMaximum)]));
  const sent = new Map(a.sent.map((g) => [g.userSub, fraction(g.scoreGiven, g.scoreMaximum)]));
  const subs = [...new Set([...lms.keys(), ...sent.keys()])].sort();
  return {
    status: 'read',
    rows: subs.map((userSub) => {
      const l = lms.get(userSub);
      const s = sent.get(userSub);
      return {
        userSub,
        ...(l !== undefined ? { lms: l } : {}),
        ...(s !== undefined ? { sent: s } : {}),
        changedInLms: s !== undefined && (l === undefined || Math.abs(l - s) > SAME),
      };
    }),
  };
}

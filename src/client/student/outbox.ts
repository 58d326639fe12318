/**
 * Answers that could not reach the server (offline, or a failing connection) wait in
 * localStorage with their attempt id and are sent again when the connection returns, also after
 * a reload. The server counts an attempt id once, so sending twice is harmless; "already
 * counted" (a 200 page or a 409) both mean the answer arrived and leave the outbox.
 */
export interface Pending { url: string; body: string; attemptId: string; at: number }

const KEY = 'pathwise-outbox';
const TIMEOUT_MS = 45_000;

export function pending(): Pending[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(raw) ? raw.filter((p): p is Pending => !!p && typeof p === 'object' && typeof (p as Pending).attemptId === 'string') : [];
  } catch {
    return [];
  }
}

function save(list: Pending[]): void {
  try { localStorage.setItem(KEY, JSON.stringify(list)); } catch { /* storage full or blocked: nothing more we can do */ }
}

export function keep(p: Pending): void {
  save([...pending().filter((x) => x.attemptId !== p.attemptId), p]);
}

export function drop(attemptId: string): void {
  save(pending().filter((x) => x.attemptId !== attemptId));
}

export type SendResult = { kind: 'page'; html: string } | { kind: 'counted' } | { kind: 'failed' };

/** Posts one answer; a network error, a timeout or a server error is "failed" (try again later). */
export async function send(p: Pending): Promise<SendResult> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(p.url, {
      method: 'POST', body: p.body, signal: ctrl.signal, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    if (res.status === 409) return { kind: 'counted' };
    if (res.status >= 500 || res.status === 0) return { kind: 'failed' };
    return { kind: 'page', html: await res.text() };
  } catch {
    return { kind: 'failed' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Answers that could not reach the server (offline, or a failing connection) wait in
 * localStorage with their attempt id and are sent again when the connection returns, also after
 * a reload. The server counts an attempt id once, so sending twice is harmless; "already
 * counted" (a 200 page or a 409) both mean the answer arrived and leave the outbox.
 */
export interface Pending {
  url: string;
  body: string;
  attemptId: string;
  at: number;
}

const KEY = 'pathwise-outbox';
const TIMEOUT_MS = 45_000;

/** Inside a cross-site LMS frame the browser may deny localStorage; then the LMS keeps the outbox. */
const local = ((): boolean => {
  try {
    localStorage.getItem(KEY);
    return true;
  } catch {
    return false;
  }
})();
let memory: Pending[] = [];

const valid = (raw: unknown): Pending[] =>
  Array.isArray(raw)
    ? raw.filter(
        (p): p is Pending =>
          !!p && typeof p === 'object' && typeof (p as Pending).attemptId === 'string' && typeof (p as Pending).body === 'string',
      )
    : [];

export function pending(): Pending[] {
  if (!local) return memory;
  try {
    return valid(JSON.parse(localStorage.getItem(KEY) ?? '[]'));
  } catch {
    return memory;
  }
}

function save(list: Pending[]): void {
  memory = list;
  if (local) {
    try {
      localStorage.setItem(KEY, JSON.stringify(list));
      return;
    } catch {
      /* fall through to the platform */
    }
  }
  platform('lti.put_data', JSON.stringify(list));
}

/** LTI Platform Storage (lti.put_data / lti.get_data): the LMS page keeps the value for the frame. */
function platform(subject: 'lti.put_data' | 'lti.get_data', value?: string): Promise<string | undefined> {
  const target = window.parent;
  if (target === window) return Promise.resolve(undefined);
  const id = `pw-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return new Promise((resolve) => {
    const done = (v: string | undefined): void => {
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      resolve(v);
    };
    const onMessage = (e: MessageEvent): void => {
      const m = e.data as { subject?: string; message_id?: string; value?: unknown } | null;
      if (m && m.subject === `${subject}.response` && m.message_id === id) done(typeof m.value === 'string' ? m.value : undefined);
    };
    const timer = setTimeout(() => done(undefined), 3000);
    window.addEventListener('message', onMessage);
    target.postMessage({ subject, message_id: id, key: KEY, ...(value !== undefined ? { value } : {}) }, '*');
  });
}

/** After a reload inside a frame without storage, fetches the outbox the LMS kept. */
export async function restore(): Promise<void> {
  if (local) return;
  const raw = await platform('lti.get_data');
  if (!raw) return;
  try {
    const kept = valid(JSON.parse(raw));
    memory = [...memory, ...kept.filter((k) => !memory.some((m) => m.attemptId === k.attemptId))];
  } catch {
    /* a value we did not write */
  }
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
      method: 'POST',
      body: p.body,
      signal: ctrl.signal,
      credentials: 'same-origin',
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

/**
 * LTI client-side postMessage storage (see src/lti/clientStorage.ts). At login: stores the state
 * and nonce in the platform's storage frame, then goes on to the platform. At launch: reads them
 * back into the form and posts it, or, when the platform does not answer, shows the new-window
 * fallback. Messages go to the frame the platform named, only to the platform's origin, and only
 * its answers (same frame, same origin, same message id) are used.
 */
interface Entry {
  key: string;
  value?: string;
  field?: string;
}

/**
 * A platform that has a storage frame answers within milliseconds, but on a slow or busy computer
 * its frame may take seconds to answer (or to be ready to listen): each message is sent again every
 * RESEND_MS until answered (a put stores the same value, a get only reads), up to TIMEOUT_MS.
 * Where the platform names no storage frame, nothing waits at all.
 */
const TIMEOUT_MS = 10_000;
const RESEND_MS = 500;
const box = document.getElementById('pw-storage');

function storageFrame(name: string): Window | null {
  try {
    if (window.parent === window) return null;
    if (name === '_parent') return window.parent;
    return (window.parent.frames as unknown as Record<string, Window | undefined>)[name] ?? null;
  } catch {
    return null;
  }
}

function ask(frame: Window, origin: string, message: Record<string, string>): Promise<{ value?: unknown; error?: unknown } | null> {
  const id = `${message.subject}-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  return new Promise((resolve) => {
    const done = (answer: { value?: unknown; error?: unknown } | null) => {
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      clearInterval(resend);
      resolve(answer);
    };
    const onMessage = (event: MessageEvent) => {
      const m = event.data as { subject?: unknown; message_id?: unknown; value?: unknown; error?: unknown } | null;
      if (event.origin !== origin || event.source !== frame || !m || typeof m !== 'object') return;
      if (m.subject !== `${message.subject}.response` || m.message_id !== id) return;
      done(m);
    };
    const timer = setTimeout(() => done(null), TIMEOUT_MS);
    window.addEventListener('message', onMessage);
    const send = () => frame.postMessage({ ...message, message_id: id }, origin);
    const resend = setInterval(send, RESEND_MS);
    send();
  });
}

async function run(el: HTMLElement): Promise<void> {
  const { mode, target = '', origin = '', continue: next = '' } = el.dataset;
  const entries = JSON.parse(el.dataset.entries ?? '[]') as Entry[];
  const frame = storageFrame(target);
  if (mode === 'put') {
    // Stored or not, the login goes on: where the state cookie survives, it is enough.
    if (frame) await Promise.all(entries.map((e) => ask(frame, origin, { subject: 'lti.put_data', key: e.key, value: e.value ?? '' })));
    window.location.replace(next);
    return;
  }
  const form = document.getElementById('pw-storage-form') as HTMLFormElement | null;
  const answers = frame ? await Promise.all(entries.map((e) => ask(frame, origin, { subject: 'lti.get_data', key: e.key }))) : [];
  const ok = form && answers.length === entries.length && answers.every((a) => a && !a.error && typeof a.value === 'string' && a.value);
  if (!form || !ok) {
    el.querySelector<HTMLElement>('[data-storage-waiting]')?.setAttribute('hidden', '');
    el.querySelector<HTMLElement>('[data-storage-failed]')?.removeAttribute('hidden');
    return;
  }
  entries.forEach((e, i) => {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = e.field ?? '';
    input.value = String(answers[i]?.value);
    form.appendChild(input);
  });
  form.submit();
}

if (box) void run(box);

/**
 * The platform side of LTI client-side postMessage storage, as Canvas serves it: a hidden frame of
 * the LMS's own origin, named by `lti_storage_target`, next to the tool's frame. It answers
 * lti.capabilities, lti.put_data and lti.get_data. Values are kept per tool origin (a tool never
 * reads another origin's keys) in this frame's sessionStorage, which is first-party to the LMS.
 * Bundled for the browser by the sandbox (esbuild) when the frame is first asked for.
 */
interface StorageMessage {
  subject: string;
  message_id?: unknown;
  key?: unknown;
  value?: unknown;
}

const SUBJECTS = ['lti.capabilities', 'lti.put_data', 'lti.get_data'];
const memory: Record<string, string> = {};

function read(k: string): string | undefined {
  try {
    return sessionStorage.getItem(k) ?? undefined;
  } catch {
    return memory[k];
  }
}

function write(k: string, v: string): void {
  try {
    sessionStorage.setItem(k, v);
  } catch {
    memory[k] = v;
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as StorageMessage | null;
  if (!m || typeof m !== 'object' || typeof m.subject !== 'string' || !event.source) return;
  if (!SUBJECTS.includes(m.subject)) return;
  const reply: Record<string, unknown> = { subject: `${m.subject}.response`, message_id: m.message_id };
  if (m.subject === 'lti.capabilities') {
    reply.supported_messages = [
      { subject: 'lti.capabilities' },
      { subject: 'lti.put_data', frame: window.name },
      { subject: 'lti.get_data', frame: window.name },
    ];
  } else if (typeof m.key !== 'string' || !m.key || m.key.length > 1024) {
    reply.error = { code: 'bad_request', message: 'key must be a non-empty string' };
  } else if (m.subject === 'lti.put_data' && (typeof m.value !== 'string' || m.value.length > 4096)) {
    reply.error = { code: 'bad_request', message: 'value must be a string of at most 4096 characters' };
  } else {
    const k = `lti-storage ${event.origin} ${m.key}`;
    reply.key = m.key;
    if (m.subject === 'lti.put_data') write(k, m.value as string);
    reply.value = read(k);
  }
  (event.source as Window).postMessage(reply, event.origin);
});

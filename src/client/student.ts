/**
 * The student's page: answers survive a lost connection (see student/outbox.ts), worked examples
 * unfold one step at a time, shaded parts are counted aloud, the language menu submits itself,
 * and questions can be read aloud. Everything works without this script; it only adds.
 */
import { drop, keep, pending, restore, send, type Pending } from './student/outbox.ts';
import { setUpReadAloud } from './student/speech.ts';

function status(kind: 'saved' | 'sending' | 'sent'): void {
  const el = document.querySelector<HTMLElement>('[data-offline]');
  if (!el) return;
  el.textContent = el.dataset[kind] ?? '';
  el.hidden = false;
}

/** Shows the server's next page in place (the frame script keeps observing the same body). */
function showPage(html: string): void {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  document.title = doc.title;
  document.documentElement.lang = doc.documentElement.lang;
  document.body.innerHTML = doc.body.innerHTML;
  init();
}

let flushing = false;
/** Sends every waiting answer; the one for the question on screen replaces the page with its result. */
async function flush(): Promise<void> {
  if (flushing) return;
  flushing = true;
  try {
    for (const p of pending()) {
      status('sending');
      const r = await send(p);
      if (r.kind === 'failed') {
        status('saved');
        return;
      }
      drop(p.attemptId);
      const onScreen = document.querySelector<HTMLElement>('[data-offline-form]')?.dataset.attempt === p.attemptId;
      if (r.kind === 'page' && onScreen) showPage(r.html);
      else if (onScreen) location.reload();
      status('sent');
    }
  } finally {
    flushing = false;
  }
}

async function submitAnswer(form: HTMLFormElement, submitter: HTMLElement | null): Promise<void> {
  const data = new URLSearchParams();
  new FormData(form, submitter).forEach((v, k) => {
    if (typeof v === 'string') data.append(k, v);
  });
  const p: Pending = { url: form.action, body: data.toString(), attemptId: form.dataset.attempt ?? '', at: Date.now() };
  form.querySelectorAll('button').forEach((b) => {
    b.disabled = true;
  });
  if (!navigator.onLine) {
    keep(p);
    status('saved');
    return;
  }
  const r = await send(p);
  if (r.kind === 'failed') {
    keep(p);
    status('saved');
    return;
  }
  if (r.kind === 'page') showPage(r.html);
  else location.reload();
}

function setUpForms(): void {
  const form = document.querySelector<HTMLFormElement>('[data-offline-form]');
  form?.addEventListener('submit', (e) => {
    const submitter = (e as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.hasAttribute('formaction')) return; // hints post normally and keep the typed answer
    e.preventDefault();
    void submitAnswer(form, submitter);
  });
  markSaved();
  document.querySelectorAll<HTMLSelectElement>('select[data-autosubmit]').forEach((s) => {
    s.addEventListener('change', () => s.form?.requestSubmit());
  });
}

/** The question on screen already has an answer waiting to be sent: say so, and do not take another. */
function markSaved(): void {
  const form = document.querySelector<HTMLFormElement>('[data-offline-form]');
  if (form && pending().some((p) => p.attemptId === form.dataset.attempt)) {
    status('saved');
    form.querySelectorAll('button').forEach((b) => {
      b.disabled = true;
    });
  }
}

function setUpStepper(): void {
  const list = document.querySelector<HTMLOListElement>('[data-stepper]');
  const next = document.querySelector<HTMLButtonElement>('[data-next-step]');
  const answer = document.querySelector<HTMLElement>('[data-example-answer]');
  if (!list || !next) return;
  const steps = [...list.querySelectorAll<HTMLLIElement>('li')];
  let shown = 1;
  const update = (): void => {
    steps.forEach((s, i) => {
      s.hidden = i >= shown;
    });
    next.hidden = shown >= steps.length;
    if (answer) answer.hidden = shown < steps.length;
  };
  next.addEventListener('click', () => {
    shown++;
    update();
    const li = steps[shown - 1];
    if (li) {
      li.tabIndex = -1;
      li.focus();
    }
  });
  update();
}

function setUpShade(): void {
  document.querySelectorAll<HTMLFieldSetElement>('fieldset.shade').forEach((fs) => {
    const out = fs.querySelector<HTMLElement>('[data-shade-count]');
    const template = out?.dataset.template ?? '';
    const update = (): void => {
      if (out) out.textContent = template.replace('{count}', String(fs.querySelectorAll('input:checked').length));
    };
    fs.addEventListener('change', update);
    update();
  });
}

let restored = false;
function init(): void {
  setUpForms();
  setUpStepper();
  setUpShade();
  setUpReadAloud(document);
  if (!restored) {
    restored = true;
    void restore().then(() => {
      markSaved();
      if (navigator.onLine) void flush();
    });
  } else if (navigator.onLine) void flush();
}

window.addEventListener('online', () => {
  void flush();
});
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();

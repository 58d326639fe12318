/**
 * The students of the answer benchmark (scripts/bench/answers.ts): `inFlight` students answer over
 * real HTTP (wrong, then the retry, and so on) until `answers` answers in total; one who has run out
 * of questions is replaced by a fresh one. Run inside the benchmark's process (`--client inline`)
 * or, by default, as a child process of it, so that fetching and reading the pages (~4 ms of CPU a
 * request) is not charged to Pathwise's event loop, as with real students' browsers; the floor has
 * no client at all. The child asks its parent for each fresh student's page address (the parent
 * creates the person record and signs the session, as before).
 */
import { parseForms } from '../../test/support/ltiClient.ts';
import { nextStepForm } from './stack.ts';

export interface StudentsResult {
  rate: number;
  p50: number;
  p95: number;
  failures: number;
  others: number;
  mix: { continues: number; fresh: number };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

export async function runStudents(opts: {
  toolUrl: string;
  inFlight: number;
  answers: number;
  /** The address of a fresh student's first page (their record and session made by the caller). */
  freshUrl: () => Promise<string>;
  /** Called when the timed window opens (every student has their first page). */
  onStart?: () => void;
}): Promise<StudentsResult> {
  const latencies: number[] = [];
  let done = 0;
  let failures = 0;
  let continues = 0; // requests that are not answers: moving on from a worked example
  let fresh = 0; // and the first page of a fresh student who replaces one who ran out of questions
  const page = async () => (await fetch(await opts.freshUrl())).text();
  const pages = await Promise.all(Array.from({ length: opts.inFlight }, () => page()));
  opts.onStart?.();
  const t0 = performance.now();
  await Promise.all(
    pages.map(async (first) => {
      let html = first;
      while (done < opts.answers) {
        const forms = parseForms(html);
        const answer = forms.find((f) => f.action.endsWith('/answer'));
        const form = answer ?? nextStepForm(forms);
        if (!form) {
          fresh++;
          html = await page();
          continue;
        }
        const fields = answer ? { ...form.fields, response: '7/3' } : form.fields;
        const start = performance.now();
        const res = await fetch(new URL(form.action, opts.toolUrl), {
          method: 'POST',
          body: new URLSearchParams(fields as Record<string, string>),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        });
        html = await res.text();
        if (res.status !== 200) failures++;
        if (answer) {
          latencies.push(performance.now() - start);
          done++;
        } else continues++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return {
    rate: done / seconds,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    failures,
    others: continues + fresh,
    mix: { continues, fresh },
  };
}

type FromParent = { type: 'run'; toolUrl: string; inFlight: number; answers: number } | { type: 'fresh'; id: number; url: string };
export type FromChild =
  { type: 'fresh'; id: number } | { type: 'start' } | { type: 'result'; result: StudentsResult } | { type: 'error'; message: string };

// As a child process: runs what the parent asks, one run at a time.
if (process.send && process.argv.includes('--answer-students')) {
  const send = (m: FromChild) => process.send!(m);
  const waiting = new Map<number, (url: string) => void>();
  let ids = 0;
  process.on('message', (m: FromParent) => {
    if (m.type === 'fresh') {
      waiting.get(m.id)?.(m.url);
      waiting.delete(m.id);
      return;
    }
    runStudents({
      ...m,
      onStart: () => send({ type: 'start' }),
      freshUrl: () =>
        new Promise((resolve) => {
          const id = ids++;
          waiting.set(id, resolve);
          send({ type: 'fresh', id });
        }),
    }).then(
      (result) => send({ type: 'result', result }),
      (err: unknown) => send({ type: 'error', message: String((err as Error).stack ?? err) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

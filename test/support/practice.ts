/**
 * Drives a student through practice over real HTTP: answers the question on screen (correctly or
 * not, as the test decides), moves on from worked examples and resources, and stops when the test
 * says so. Returns every page seen.
 */
import { parseForms, type LtiClient } from './ltiClient.ts';
import { correctForm, currentInstance, wrongForm } from './answers.ts';

export interface PracticeOptions {
  client: LtiClient;
  pageUrl: string;
  html: string;
  activityId: string;
  personId: string;
  sandboxUrl: string;
  /** Whether to answer the n-th question correctly (default: always). */
  correct?: (n: number) => boolean;
  until: (html: string, n: number) => boolean;
  max?: number;
}

export async function practise(o: PracticeOptions): Promise<{ html: string; answers: number; pages: string[] }> {
  let html = o.html;
  let answers = 0;
  const pages: string[] = [];
  for (let i = 0; i < (o.max ?? 200) && !o.until(html, answers); i++) {
    const kind = /data-testid="step" data-kind="([^"]+)"/.exec(html)?.[1];
    const forms = parseForms(html);
    let res;
    if (kind === 'item') {
      const q = forms.find((f) => f.action.endsWith('/answer'))!;
      const inst = await currentInstance(o.activityId, o.personId);
      const response = (o.correct ?? (() => true))(answers) ? correctForm(inst) : wrongForm(inst);
      res = await o.client.postForm(new URL(q.action, o.pageUrl).toString(), { ...q.fields, ...response }, { sandboxUrl: o.sandboxUrl });
      answers++;
    } else if (kind === 'worked-example' || kind === 'resource') {
      const c = forms.find((f) => f.action.endsWith('/continue'))!;
      res = await o.client.postForm(new URL(c.action, o.pageUrl).toString(), c.fields, { sandboxUrl: o.sandboxUrl });
    } else {
      break;
    }
    if (res.status !== 200)
      throw new Error(
        `practice step failed (${res.status}): ${res.html
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .slice(0, 300)}`,
      );
    html = res.html;
    pages.push(html);
  }
  return { html, answers, pages };
}

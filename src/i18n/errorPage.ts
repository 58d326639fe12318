/**
 * The error page and the "you have left" page in a student's language. A student can reach the
 * error page from their own pages (an expired or ended session, a question that is no longer on
 * screen, a database outage, too many requests): the message and what to do come from the
 * catalogs' `errors.<code>` entries; a code without one (teacher and platform problems) keeps its
 * English text. Teacher pages are in English and never pass a language here.
 */
import type { ErrorView } from '../presenters/views.ts';
import { translator, type Lang } from './index.ts';

export interface ErrorLabels {
  title: string;
  newWindow: string;
  details: string;
}

/** The view with its words in `lang` where the catalogs have them. */
export function studentErrorView(view: ErrorView, lang: Lang): ErrorView & { lang: Lang; labels: ErrorLabels } {
  const t = translator(lang);
  const known = t(`errors.${view.code}.message`, { defaultValue: '' });
  const labels = {
    title: t('errorPage.title'),
    newWindow: t('errorPage.newWindow'),
    details: view.requestId
      ? t('errorPage.detailsRequest', { code: view.code, status: view.status, id: view.requestId })
      : t('errorPage.details', { code: view.code, status: view.status }),
  };
  if (!known) return { ...view, lang, labels };
  const hint = t(`errors.${view.code}.hint`, { defaultValue: '' });
  const { hint: _english, ...rest } = view;
  return { ...rest, message: known, ...(hint ? { hint } : {}), lang, labels };
}

/** The page after "End session". */
export function endedView(lang: Lang): { lang: Lang; title: string; body: string } {
  const t = translator(lang);
  return { lang, title: t('ended.title'), body: t('ended.body') };
}

/**
 * Small pieces of the student's pages kept apart from the route handlers (so other engineers'
 * edits to practice.ts do not collide with these): reading the posted answer for the item type
 * on screen, one feedback message per answer, what to celebrate, and the page language.
 */
import { instantiateItem, listSkills, localizePack, responseFromForm, type ItemInstance, type Message } from '../domain/content/index.ts';
import type { ProgressDoc } from '../repositories/models/Progress.ts';
import type { ActivityContext } from '../repositories/activityContext.ts';
import type { Feedback } from '../presenters/practicePage.ts';
import { isLang, pickLanguage, wordsFor, type Lang } from '../i18n/index.ts';

export interface Student {
  name: string;
  locale?: string;
  language?: string;
  /** Chosen word-problem themes; undefined until the student has chosen. */
  interests?: string[];
}

/**
 * The theme of a word problem for this student: one of their interests (that the pack has),
 * taken in turn by the question's seed so each interest comes round; none chosen, none asked.
 */
export function themeFor(interests: readonly string[] | undefined, packThemes: readonly string[], seed: number): string | undefined {
  const mine = (interests ?? []).filter((t) => packThemes.includes(t));
  if (!mine.length) return undefined;
  return mine[Math.abs(Math.trunc(seed)) % mine.length];
}

/** The question on screen as this student sees it: in their language, with their theme. */
export function studentInstance(ctx: ActivityContext, itemId: string, seed: number, lang: Lang, interests?: string[]): ItemInstance {
  const theme = themeFor(interests, ctx.pack.themes, seed);
  return instantiateItem(localizePack(ctx.pack, lang), itemId, seed, theme ? { theme } : {});
}

/** The student's own choice, then the launch's locale, then the browser's languages, then English. */
export function studentLanguage(s: Student, acceptLanguage: string | undefined): Lang {
  if (isLang(s.language)) return s.language;
  return pickLanguage(s.locale, acceptLanguage);
}

/** The checker's response for the item on screen, from the posted form (each type reads its own fields). */
export function formResponse(ctx: ActivityContext, p: ProgressDoc, fields: Record<string, unknown>): unknown {
  const c = p.current;
  if (c.kind !== 'item' || !c.itemId || c.seed == null) return fields.response ?? '';
  return responseFromForm(instantiateItem(ctx.pack, c.itemId, c.seed).question.type, fields);
}

/** The answer fields the student had filled in (to keep them after "show a hint"). */
export function typedFields(body: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k !== 'response' && !k.startsWith('match:')) continue;
    if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) out[k] = v as string | string[];
  }
  return out;
}

interface AnswerOutcome {
  duplicate: boolean;
  outcome?: Feedback['outcome'];
  feedback?: string;
  message?: Message;
  misconception?: string;
}

/**
 * One message per answer: the page prints a child-level heading for the outcome, so the
 * checker's text is kept only when it says something more, and the misconception's advice only
 * when it is not the same words again. The checker's own sentence (why an answer could not be
 * read, what form to write it in) is rendered from the catalogs in the student's language.
 */
export function answerFeedback(r: AnswerOutcome, lang: Lang): Feedback {
  if (r.duplicate) return { outcome: 'info', text: '' };
  const text = (r.feedback || (r.message ? wordsFor(lang)(r.message) : '')).trim();
  const mis = (r.misconception ?? '').trim();
  return {
    outcome: r.outcome ?? 'incorrect',
    text: mis && text === mis ? '' : text,
    ...(mis ? { misconception: mis } : {}),
  };
}

/** Titles of skills the answer just mastered. */
export function justMastered(ctx: ActivityContext, before: ProgressDoc, after: ProgressDoc, lang?: Lang): string[] {
  const titles = new Map(listSkills(localizePack(ctx.pack, lang)).map((s) => [s.id, s.title]));
  return ctx.activitySkills
    .filter((id) => after.state.skills[id]?.mastered && !before.state.skills[id]?.mastered)
    .map((id) => titles.get(id) ?? id);
}

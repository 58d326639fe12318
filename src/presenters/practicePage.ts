/**
 * Shapes the student's page for the step on screen: only what the student may see, in the
 * student's language, with child-level words. Policy reasons are for engineers and teachers, so
 * the page turns the step into one "why this question" sentence instead of showing them.
 */
import { hintsFor, instantiateItem, listSkills, localizePack, presentItem, resourcesFor, workedExample } from '../domain/content/index.ts';
import type { ProgressDoc } from '../repositories/models/Progress.ts';
import { activityScore, goalProgress, skillMap } from '../domain/policy/index.ts';
import type { ActivityContext } from '../repositories/activityContext.ts';
import { translator, wordsFor, type Lang, LANGUAGES } from '../i18n/index.ts';
import { mathSegments } from './mathText.ts';
import { typedAnswer, type Typed } from './typedAnswer.ts';

export interface Feedback {
  outcome: 'correct' | 'partial' | 'incorrect' | 'info';
  text: string;
  misconception?: string;
}

export interface PageExtra {
  token: string;
  studentName: string;
  lang: Lang;
  activity: { id: string; title: string };
  feedback?: Feedback;
  notice?: string;
  /** What the student had entered before asking for a hint, so the page keeps it. */
  typed?: Typed;
  /** Titles of skills mastered by the answer just given: the page celebrates them. */
  justMastered?: string[];
  /** The student's word-problem themes; undefined until they have chosen (the page then asks). */
  interests?: string[];
  /** The theme of the question on screen (from the student's interests), if any. */
  theme?: string;
}

/** A picture for each bundled theme (views/student/icon.ejs; decorative: the label says the same); a star for others. */
const THEME_ICONS = new Set(['sports', 'music', 'space', 'cooking']);

/** The interests box: every theme of the pack with a picture and a child-level label. */
function interestsModel(themes: readonly string[], chosen: string[] | undefined, t: (k: string, o?: Record<string, unknown>) => string) {
  return {
    asked: chosen !== undefined,
    options: themes.map((id) => ({
      id,
      icon: THEME_ICONS.has(id) ? id : 'star',
      label: t(`interests.theme.${id}`, { defaultValue: id }),
      selected: (chosen ?? []).includes(id),
    })),
  };
}

type PathStage = 'mastered' | 'now' | 'next' | 'later';

/** One child-level sentence for "why this question?", from the step the policy chose. */
function whyKey(c: ProgressDoc['current']): string {
  if (c.review) return 'item.whyReview';
  if (/easier|remediation/i.test(c.reason ?? '')) return 'item.whyEasier';
  return 'item.whyNext';
}

export function practicePage(ctx: ActivityContext, p: ProgressDoc, extra: PageExtra) {
  const t = translator(extra.lang);
  // Content in the student's language when the pack has it (skills, items, hints, worked examples).
  const pack = localizePack(ctx.pack, extra.lang);
  const titles = new Map(listSkills(pack).map((s) => [s.id, s.title]));
  const c = p.current;
  const skillTitle = c.skillId ? (titles.get(c.skillId) ?? c.skillId) : '';
  let step: Record<string, unknown> = { kind: c.kind };
  if (c.kind === 'item' && c.itemId && c.seed != null) {
    const inst = instantiateItem(pack, c.itemId, c.seed, extra.theme ? { theme: extra.theme } : {});
    step = {
      ...step,
      item: presentItem(inst, wordsFor(extra.lang)),
      hints: hintsFor(inst, c.hintsShown ?? 0),
      hintsLeft: inst.hints.length - (c.hintsShown ?? 0),
      review: c.review ?? false,
      why: t(whyKey(c)),
    };
  } else if (c.kind === 'worked-example' && c.skillId) {
    step = { ...step, example: workedExample(pack, c.skillId) ?? null };
  } else if (c.kind === 'resource' && c.skillId) {
    step = { ...step, resource: resourcesFor(pack, c.skillId)[c.resourceIndex ?? 0] ?? null };
  }
  const score = activityScore(p.state, ctx.activitySkills, ctx.config);
  const now = new Date().toISOString();
  const focus = p.state.chosenSkill ?? c.skillId;
  const path = skillMap(ctx.pack, p.state, ctx.activitySkills, now, ctx.config).map((e) => {
    const stage: PathStage = e.status === 'mastered' ? 'mastered' : e.skillId === focus ? 'now' : e.status === 'locked' ? 'later' : 'next';
    return { ...e, title: titles.get(e.skillId) ?? e.title, stage, missingTitles: e.missing.map((m) => titles.get(m) ?? m) };
  });
  const typed = typedAnswer(extra.typed);
  return {
    feedback: null,
    notice: null,
    teacherNote: p.teacherNote?.text ?? null,
    justMastered: [],
    ...extra,
    t,
    lang: extra.lang,
    languages: LANGUAGES,
    math: (text: string) => mathSegments(text, { over: t('math.over'), and: t('math.and') }),
    ...typed,
    attemptId: c.attemptId,
    skillTitle,
    step,
    mastered: score.mastered,
    assigned: score.assigned,
    answered: p.answered,
    correct: p.correct,
    map: path,
    goal: goalProgress(ctx.pack, p.state, ctx.activitySkills, now) ?? null,
    chosenSkill: p.state.chosenSkill ?? null,
    interests: interestsModel(ctx.pack.themes, extra.interests, t),
  };
}

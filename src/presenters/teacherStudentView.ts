/**
 * Shapes the teacher's page about one student in one activity: where each skill stands and when
 * it changed (timeline), the recent answers (question, answer, right or wrong, hints, time), time
 * on task per day, the goal and progress toward it, reviews due, flags with "flagged since", and
 * the teacher's note. Also the rows of that student's answers for the CSV export.
 */
import { Types } from 'mongoose';
import { instantiateItem, listSkills } from '../domain/content/index.ts';
import type { ActivityDoc } from '../repositories/models/Activity.ts';
import { AnswerLog } from '../repositories/models/AnswerLog.ts';
import { progressKey } from '../repositories/models/Progress.ts';
import { findProgress } from '../repositories/progressRepository.ts';
import type { ActivityContext } from '../repositories/activityContext.ts';
import { attentionFor, CELL_LEGEND, CHANGE_REASONS, cellStatus, flags, goalProgress, sureWords } from '../domain/policy/index.ts';

/** Answers shown on the page (the CSV has them all). */
const RECENT = 25;
/** Days of time on task shown. */
const DAYS = 14;
/** An answer counts at most this long toward time on task (a tab left open is not work). */
const MAX_ANSWER_MS = 5 * 60_000;

const WORDS = new Map(CELL_LEGEND.map((l) => [l.status, l]));

export interface AnswerRow {
  at: string;
  question: string;
  answer: string;
  correct: boolean;
  hintsUsed: number;
  seconds: number;
  skills: string;
  attempt: number;
}

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

/** Every answer of a student in an activity, oldest first, in words (for the page and the CSV). */
export async function answersOf(ctx: ActivityContext, courseId: string, activityId: string, personId: string): Promise<AnswerRow[]> {
  const titles = new Map(listSkills(ctx.pack).map((s) => [s.id, s.title]));
  const logs = await AnswerLog.find({
    courseId: new Types.ObjectId(courseId),
    activityId: new Types.ObjectId(activityId),
    personId: new Types.ObjectId(personId),
  }).lean();
  logs.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime() || a.order - b.order);
  return logs.map((l) => {
    let question = l.itemId;
    try {
      const q = instantiateItem(ctx.pack, l.itemId, l.seed).question as { prompt?: string };
      question = q.prompt ?? l.itemId;
    } catch {
      // An item removed from the course's content since: its id says which one it was.
    }
    return {
      at: new Date(l.at).toISOString(),
      question,
      answer: l.response ?? '',
      correct: l.correct,
      hintsUsed: l.hintsUsed ?? 0,
      seconds: Math.round((l.durationMs ?? 0) / 1000),
      skills: (l.skillIds ?? []).map((s) => titles.get(s) ?? s).join(', '),
      attempt: l.attempt ?? 1,
    };
  });
}

export async function teacherStudentView(p: {
  courseId: string;
  activity: ActivityDoc;
  ctx: ActivityContext;
  personId: string;
  name: string;
  now?: Date;
}) {
  const { ctx, activity } = p;
  const now = (p.now ?? new Date()).toISOString();
  const activityId = String(activity._id);
  const [progress, answers] = await Promise.all([
    findProgress(progressKey(activityId, p.personId)),
    answersOf(ctx, p.courseId, activityId, p.personId),
  ]);
  const info = new Map(listSkills(ctx.pack).map((s) => [s.id, s]));
  const titleOf = (id: string) => info.get(id)?.title ?? id;
  const state = progress?.state;

  const skills = ctx.activitySkills.map((id) => {
    const s = state?.skills[id];
    const status = cellStatus(ctx.pack, state, id, ctx.activitySkills, now);
    const l = WORDS.get(status)!;
    return {
      id,
      title: titleOf(id),
      status,
      symbol: l.symbol,
      words: status === 'in-progress' ? `In progress: ${sureWords(s?.pMastered ?? 0)}` : l.words,
      tries: s?.attempts ?? 0,
      right: s?.correct ?? 0,
      masteredAt: s?.masteredAt ? day(s.masteredAt) : undefined,
      lastAt: s?.lastAt ? day(s.lastAt) : undefined,
      reviewDue: s?.mastered && s.review ? day(s.review.due) : undefined,
      focus: state?.chosenSkill === id,
    };
  });

  // The timeline: dated events of each skill (first practised, flagged, mastered), newest first.
  const timeline: Array<{ at: string; text: string }> = [];
  for (const id of ctx.activitySkills) {
    const s = state?.skills[id];
    if (!s) continue;
    if (s.masteredAt) timeline.push({ at: s.masteredAt, text: `Mastered “${titleOf(id)}”` });
    if (s.wheelSpinningAt) timeline.push({ at: s.wheelSpinningAt, text: `Flagged as stuck on “${titleOf(id)}”` });
  }
  const firstOn = new Map<string, string>();
  for (const a of answers) for (const sk of a.skills.split(', ')) if (sk && !firstOn.has(sk)) firstOn.set(sk, a.at);
  for (const [sk, at] of firstOn) timeline.push({ at, text: `Started “${sk}”` });
  timeline.sort((a, b) => b.at.localeCompare(a.at));

  const perDay = new Map<string, number>();
  const since = Date.parse(now) - DAYS * 86_400_000;
  for (const a of answers) {
    if (Date.parse(a.at) < since) continue;
    perDay.set(day(a.at), (perDay.get(day(a.at)) ?? 0) + Math.min(a.seconds * 1000, MAX_ANSWER_MS));
  }
  const time = [...perDay]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([d, ms]) => ({ day: d, minutes: Math.max(1, Math.round(ms / 60_000)) }));

  const goal = state ? goalProgress(ctx.pack, state, ctx.activitySkills, now, ctx.config) : undefined;
  const raised = state ? flags(ctx.pack, state, now, ctx.config, ctx.params) : [];
  const attention = attentionFor(ctx.pack, state, raised, now).map((a) => ({
    ...a,
    ...(a.skillId ? { skill: titleOf(a.skillId) } : {}),
    ...(a.since ? { sinceDay: day(a.since) } : {}),
  }));

  return {
    student: { personId: p.personId, name: p.name },
    activity: { id: activityId, title: activity.title || 'Practice' },
    started: Boolean(state),
    skills,
    focus: state?.chosenSkill ? titleOf(state.chosenSkill) : undefined,
    timeline: timeline.slice(0, 30),
    answers: answers.slice(-RECENT).reverse(),
    answered: answers.length,
    time,
    goal: goal
      ? {
          mastered: goal.mastered,
          total: goal.total,
          skills: goal.skills.map(titleOf),
          ...(goal.by ? { by: day(goal.by) } : {}),
          onTrack: goal.onTrack,
        }
      : undefined,
    reviewsDue: skills.filter((s) => s.status === 'review-due').map((s) => s.title),
    attention,
    note: progress?.teacherNote?.text,
    reasons: CHANGE_REASONS.map((r) => ({ id: r.id, words: r.words })),
  };
}

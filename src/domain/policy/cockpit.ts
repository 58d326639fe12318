/**
 * The teacher's cockpit, pure part: what each heatmap cell means, which students need attention
 * first and what to say about them in plain words, and the state changes a teacher may make (a
 * focus skill, a skill marked mastered or started over). No I/O; time comes in as an argument.
 */
import { resolveConfig } from './config.ts';
import { freshSkill, missingPrerequisites, skillInfo } from './graph.ts';
import { reviewDue, startReview } from './review.ts';
import { applyAnswer } from './state.ts';
import type { Pack } from '../content/index.ts';
import type { AnswerEvent, Flag, PolicyConfig, SkillParams, SkillState, StudentState } from './types.ts';

/** One heatmap cell, with the symbol and words that carry its meaning without colour. */
export type CellStatus = 'mastered' | 'review-due' | 'in-progress' | 'ready' | 'locked' | 'not-started';

export const CELL_LEGEND: ReadonlyArray<{ status: CellStatus; symbol: string; words: string }> = [
  { status: 'mastered', symbol: '✓', words: 'Mastered' },
  { status: 'review-due', symbol: '↻', words: 'Mastered, due for a review' },
  { status: 'in-progress', symbol: '◐', words: 'In progress (Pathwise’s confidence shown as a %)' },
  { status: 'ready', symbol: '○', words: 'Ready to start' },
  { status: 'locked', symbol: '⊘', words: 'Locked: needs an earlier skill first' },
  { status: 'not-started', symbol: '–', words: 'Student has not started' },
];

/** Where one student stands on one skill of the activity. */
export function cellStatus(
  pack: Pack,
  state: StudentState | undefined,
  skillId: string,
  activitySkills: string[],
  now: string,
): CellStatus {
  if (!state) return 'not-started';
  const s = state.skills[skillId];
  if (s?.mastered) return s.review && reviewDue(s.review, now) ? 'review-due' : 'mastered';
  if (missingPrerequisites(pack, state, skillId, activitySkills).length > 0) return 'locked';
  return (s?.attempts ?? 0) > 0 ? 'in-progress' : 'ready';
}

/** A flag in a teacher's words: what is happening, and one thing to try. */
export interface Attention {
  kind: 'wheel-spinning' | 'early-warning' | 'inactive' | 'not-started';
  skillId?: string;
  /** Higher comes first in the list of students who need attention. */
  weight: number;
  reason: string;
  suggestion: string;
  /** When the flag was first raised, when known (ISO). */
  since?: string;
}

const WEIGHT: Record<Attention['kind'], number> = { 'wheel-spinning': 4, 'early-warning': 3, inactive: 2, 'not-started': 1 };

/** Rewrites the policy's flags for a teacher: no model names, no raw probabilities. */
export function attentionFor(pack: Pack, state: StudentState | undefined, raised: Flag[], now: string): Attention[] {
  if (!state) {
    return [
      {
        kind: 'not-started',
        weight: WEIGHT['not-started'],
        reason: 'Has not opened Pathwise yet.',
        suggestion: 'Show them where Pathwise is in the course and let them try one question with you.',
      },
    ];
  }
  const info = skillInfo(pack);
  return raised.map((f): Attention => {
    const s = f.skillId ? state.skills[f.skillId] : undefined;
    const name = f.skillId ? (info.get(f.skillId)?.title ?? f.skillId) : '';
    if (f.kind === 'wheel-spinning') {
      return {
        kind: f.kind,
        skillId: f.skillId,
        weight: WEIGHT[f.kind],
        reason: `${s?.attempts ?? 0} tries on “${name}” without getting closer (${s?.correct ?? 0} right).`,
        suggestion: 'More practice alone is unlikely to help: consider a one-to-one check-in on this skill.',
        ...(s?.wheelSpinningAt ? { since: s.wheelSpinningAt } : {}),
      };
    }
    if (f.kind === 'early-warning') {
      return {
        kind: f.kind,
        skillId: f.skillId,
        weight: WEIGHT[f.kind],
        reason: `Finding “${name}” hard from the start (${s?.correct ?? 0} of ${s?.attempts ?? 0} right).`,
        suggestion: 'Check in soon: working through one example together often unblocks it.',
      };
    }
    const last = state.lastActiveAt ?? state.createdAt;
    const days = Math.max(0, Math.floor((Date.parse(now) - Date.parse(last)) / 86_400_000));
    return {
      kind: 'inactive',
      weight: WEIGHT.inactive,
      reason: state.lastActiveAt
        ? `No practice for ${days} days, with skills still to master.`
        : `Opened Pathwise ${days} days ago but has not answered yet.`,
      suggestion: 'A short reminder, or ten minutes of practice in class, gets them going again.',
      since: last,
    };
  });
}

const DAY_MS = 86_400_000;

/**
 * The first instant after `now` (ms) at which `attentionFor(pack, state, flags(pack, state, now,
 * config), now)` could say something else about the same state, so a caller may keep the answer
 * until then. Only inactivity depends on the time: the flag raised after `inactiveAfterDays`, and
 * the whole days its words count. Keep in step with flags() and attentionFor().
 */
export function attentionChangesAt(state: StudentState, now: number, config?: Partial<PolicyConfig>): number {
  const last = Date.parse(state.lastActiveAt ?? state.createdAt);
  if (!Number.isFinite(last)) return now;
  const nextDay = last + (Math.floor((now - last) / DAY_MS) + 1) * DAY_MS;
  const flagAt = last + resolveConfig(config).inactiveAfterDays * DAY_MS;
  return flagAt > now ? Math.min(nextDay, flagAt) : nextDay;
}

/**
 * Why a teacher marks a skill mastered or starts it over: a choice from this list, never free text,
 * is what the audit trail keeps (a typed reason could name a child, and the trail is kept for years).
 */
export const CHANGE_REASONS = [
  { id: 'showed-in-class', words: 'Showed it in class or on paper' },
  { id: 'knew-before', words: 'Already knew it before using Pathwise' },
  { id: 'fresh-start', words: 'Needs a fresh start on this skill' },
  { id: 'not-own-work', words: 'The answers were not the student’s own work' },
  { id: 'correct-mistake', words: 'Correcting an earlier change' },
  { id: 'other', words: 'Another reason' },
] as const;
export type ChangeReason = (typeof CHANGE_REASONS)[number]['id'];
export const CHANGE_REASON_IDS = CHANGE_REASONS.map((r) => r.id) as [ChangeReason, ...ChangeReason[]];

/** "Pathwise is 95% sure": the mastery threshold in a teacher's words. */
export function sureWords(p: number): string {
  return `Pathwise is ${Math.round(p * 100)}% sure`;
}

export type TeacherChange = { ok: true; state: StudentState } | { ok: false; reason: string };

/** The teacher decides a skill is mastered: it counts as mastered now and starts its spaced reviews. */
export function teacherMarkMastered(
  pack: Pack,
  state: StudentState,
  skillId: string,
  at: string,
  config?: Partial<PolicyConfig>,
): TeacherChange {
  const cfg = resolveConfig(config);
  const info = skillInfo(pack).get(skillId);
  if (!info) return { ok: false, reason: 'That skill is not part of this activity.' };
  const next = structuredClone(state);
  const s: SkillState = next.skills[skillId] ?? freshSkill(info.bkt.prior);
  if (s.mastered) return { ok: false, reason: `“${info.title}” is already mastered.` };
  s.mastered = true;
  s.everMastered = true;
  s.masteredAt = at;
  s.pMastered = Math.max(s.pMastered, cfg.masteryThreshold);
  s.errorStreak = 0;
  s.remediation = 'none';
  s.review = startReview(at, cfg.reviewRetention);
  next.skills[skillId] = s;
  if (next.chosenSkill === skillId) delete next.chosenSkill;
  return { ok: true, state: next };
}

/** The teacher starts a skill over: Pathwise forgets what it knew and the student practises it again. */
export function teacherResetSkill(pack: Pack, state: StudentState, skillId: string, params: SkillParams): TeacherChange {
  const info = skillInfo(pack).get(skillId);
  if (!info) return { ok: false, reason: 'That skill is not part of this activity.' };
  const next = structuredClone(state);
  next.skills[skillId] = freshSkill(params[skillId]?.prior ?? info.bkt.prior);
  return { ok: true, state: next };
}

/**
 * The teacher gives the student a focus skill: the policy works on it next (or on the skills it
 * needs first, when it is locked). A mastered skill is refused: there is nothing left to practise.
 */
export function teacherFocus(pack: Pack, state: StudentState, skillId: string, activitySkills: string[]): TeacherChange {
  const info = skillInfo(pack).get(skillId);
  if (!info || !activitySkills.includes(skillId)) return { ok: false, reason: 'That skill is not part of this activity.' };
  if (state.skills[skillId]?.mastered) return { ok: false, reason: `“${info.title}” is already mastered: choose a skill still to learn.` };
  return { ok: true, state: { ...structuredClone(state), chosenSkill: skillId, focusByTeacher: true } };
}

/** Restores one skill (or removes it) and the focus skill as they were before a teacher's change. */
export function restoreSkill(
  state: StudentState,
  skillId: string,
  before: SkillState | null,
  chosenBefore: string | null,
  focusByTeacherBefore = false,
): StudentState {
  const next = structuredClone(state);
  if (before) next.skills[skillId] = structuredClone(before);
  else delete next.skills[skillId];
  if (chosenBefore) next.chosenSkill = chosenBefore;
  else delete next.chosenSkill;
  if (chosenBefore && focusByTeacherBefore) next.focusByTeacher = true;
  else delete next.focusByTeacher;
  return next;
}

/**
 * Undoes a teacher's change to one skill without losing what the student did since: the skill
 * goes back to its state before the change, and the student's answers on it since the change are
 * applied again, in order, as if the change had never happened. Other skills, the history and the
 * focus are the student's current ones. With no answer since, the skill is exactly as it was.
 */
export function replaySkill(
  pack: Pack,
  params: SkillParams,
  current: StudentState,
  skillId: string,
  before: SkillState | null,
  since: AnswerEvent[],
  config?: Partial<PolicyConfig>,
): SkillState | null {
  let scratch = structuredClone(current);
  if (before) scratch.skills[skillId] = structuredClone(before);
  else delete scratch.skills[skillId];
  delete scratch.lastStep;
  for (const ev of [...since].sort((a, b) => a.at.localeCompare(b.at))) {
    if (!ev.skillIds.includes(skillId)) continue;
    scratch = applyAnswer(pack, params, scratch, { ...ev, skillIds: [skillId] }, config);
  }
  return scratch.skills[skillId] ?? null;
}

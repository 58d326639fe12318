/**
 * Competency-based progression over the pack's prerequisite graph: which skills are mastered,
 * ready or locked for a student, the skill map, goal progress and the activity score.
 * Prerequisites outside the activity do not gate (the teacher did not assign them, so they are
 * assumed); prerequisites inside it must be mastered (P(mastered) >= threshold) first.
 */
import { listSkills } from '../content/index.ts';
import type { Pack, SkillInfo } from '../content/index.ts';
import type { PolicyConfig, SkillMapEntry, SkillState, StudentState } from './types.ts';

const infoCache = new WeakMap<Pack, Map<string, SkillInfo>>();

/** Skill metadata by id, cached per pack object. */
export function skillInfo(pack: Pack): Map<string, SkillInfo> {
  let m = infoCache.get(pack);
  if (!m) {
    m = new Map(listSkills(pack).map((s) => [s.id, s]));
    infoCache.set(pack, m);
  }
  return m;
}

/** A fresh skill state at the given prior. */
export function freshSkill(prior: number): SkillState {
  return {
    pMastered: prior,
    n: 0,
    mastered: false,
    everMastered: false,
    attempts: 0,
    correct: 0,
    errorStreak: 0,
    remediation: 'none',
    early: { n: 0, correct: 0, hinted: 0, slow: 0 },
    reviews: 0,
    lapses: 0,
  };
}

/** Whether the skill is currently declared mastered in this state. */
export function isMastered(state: StudentState, skillId: string): boolean {
  return state.skills[skillId]?.mastered === true;
}

/** Prerequisites of `skillId` that belong to the activity and are not mastered (empty = ready). */
export function missingPrerequisites(pack: Pack, state: StudentState, skillId: string, activitySkills: string[]): string[] {
  const info = skillInfo(pack).get(skillId);
  if (!info) return [];
  // A short list: `includes` costs less than building a Set (the overview asks this for every cell).
  return info.prerequisites.filter((p) => activitySkills.includes(p) && !isMastered(state, p));
}

/** Activity skills not mastered whose in-activity prerequisites are all mastered. */
export function readySkills(pack: Pack, state: StudentState, activitySkills: string[]): string[] {
  return activitySkills.filter((s) => !isMastered(state, s) && missingPrerequisites(pack, state, s, activitySkills).length === 0);
}

/** All in-activity ancestors of the given skills (prerequisites, transitively), excluding the skills. */
export function ancestors(pack: Pack, skills: string[], activitySkills: string[]): Set<string> {
  const info = skillInfo(pack);
  const inActivity = new Set(activitySkills);
  const out = new Set<string>();
  const stack = [...skills];
  while (stack.length > 0) {
    const s = stack.pop() as string;
    for (const p of info.get(s)?.prerequisites ?? []) {
      if (inActivity.has(p) && !out.has(p)) {
        out.add(p);
        stack.push(p);
      }
    }
  }
  for (const s of skills) out.delete(s);
  return out;
}

/**
 * The student's skill map for the activity: status, P(mastered), prerequisites and what is missing,
 * and the next review date of mastered skills. The page renders it as is.
 */
export function skillMap(
  pack: Pack,
  state: StudentState,
  activitySkills: string[],
  now: string,
  config?: Partial<PolicyConfig>,
): SkillMapEntry[] {
  void now;
  void config;
  const info = skillInfo(pack);
  return activitySkills.map((id) => {
    const s = state.skills[id];
    const missing = missingPrerequisites(pack, state, id, activitySkills);
    const status: SkillMapEntry['status'] = s?.mastered
      ? 'mastered'
      : missing.length > 0
        ? 'locked'
        : (s?.attempts ?? 0) > 0
          ? 'in-progress'
          : 'ready';
    return {
      skillId: id,
      title: info.get(id)?.title ?? id,
      status,
      pMastered: s?.pMastered ?? info.get(id)?.bkt.prior ?? 0,
      prerequisites: [...(info.get(id)?.prerequisites ?? [])],
      missing,
      ...(s?.mastered && s.review ? { reviewDue: s.review.due } : {}),
    };
  });
}

/**
 * Progress towards the student's goal (its skills, or the whole activity when the goal names none);
 * `onTrack` compares progress (mastered skills, partial P(mastered) counted) with the share of the
 * time to `by` already used.
 */
export function goalProgress(
  pack: Pack,
  state: StudentState,
  activitySkills: string[],
  now: string,
  config?: Partial<PolicyConfig>,
): { skills: string[]; mastered: number; total: number; by?: string; onTrack?: boolean } | undefined {
  void pack;
  const goal = state.goal;
  if (!goal) return undefined;
  const skills = goal.skills && goal.skills.length > 0 ? goal.skills : activitySkills;
  const mastered = skills.filter((s) => isMastered(state, s)).length;
  const total = skills.length;
  if (!goal.by) return { skills: [...skills], mastered, total };
  const start = Date.parse(goal.setAt);
  const end = Date.parse(goal.by);
  const t = Date.parse(now);
  let onTrack: boolean;
  if (mastered >= total) onTrack = true;
  else if (t >= end) onTrack = false;
  else {
    // Progress counts partial mastery (P(mastered) / threshold, capped at 1) so a one-skill goal is
    // not "behind" from its first minute; it must keep pace with the share of the time used.
    const threshold = config?.masteryThreshold ?? 0.95;
    const progress = skills.reduce((a, id) => a + Math.min(1, (state.skills[id]?.pMastered ?? 0) / threshold), 0) / Math.max(1, total);
    onTrack = progress >= (end > start ? (t - start) / (end - start) : 1) - 1e-9;
  }
  return { skills: [...skills], mastered, total, by: goal.by, onTrack };
}

/** The grade: the share of the activity's skills mastered (mastered / assigned). */
export function activityScore(
  state: StudentState,
  activitySkills: string[],
  config?: Partial<PolicyConfig>,
): { mastered: number; assigned: number; score: number } {
  void config;
  const assigned = activitySkills.length;
  const mastered = activitySkills.filter((s) => isMastered(state, s)).length;
  return { mastered, assigned, score: assigned === 0 ? 0 : mastered / assigned };
}

/**
 * Everything the policy needs for one activity: the pack, the skills the teacher assigned, the
 * BKT parameters (the pack's defaults, overlaid by the course's refit where it had enough data),
 * and the activity's policy settings. Parameters are cached briefly; a refit clears the cache.
 */
import { Types } from 'mongoose';
import { listSkills, loadBundledPack, type Pack } from '../domain/content/index.ts';
import { coursePack } from './courseContent.ts';
import { CourseParams } from './models/CourseParams.ts';
import { DEFAULT_POLICY, paramsFromPack, type PolicyConfig, type SkillParams } from '../domain/policy/index.ts';
import { TtlCache } from '../ttlCache.ts';

export interface ActivityContext {
  pack: Pack;
  activitySkills: string[];
  params: SkillParams;
  config: PolicyConfig;
  gradingMode: 'mastery' | 'completion';
}

interface ActivityLike {
  courseId: Types.ObjectId | string;
  skillIds?: string[] | null;
  gradingMode?: string | null;
  masteryThreshold?: number | null;
}

const courseParams = new TtlCache<SkillParams>(60_000);

export function clearCourseParamsCache(): void {
  courseParams.clear();
}

async function paramsFor(pack: Pack, courseId: string): Promise<SkillParams> {
  const hit = courseParams.get(courseId);
  if (hit) return hit;
  const params: SkillParams = { ...paramsFromPack(pack) };
  const fitted = await CourseParams.find({ courseId: new Types.ObjectId(courseId) }).lean();
  for (const f of fitted) if (params[f.skillId]) params[f.skillId] = f.params as SkillParams[string];
  courseParams.set(courseId, params);
  return params;
}

export async function activityContext(activity: ActivityLike): Promise<ActivityContext> {
  // The course's own questions and resources join the bundled pack; BKT parameters stay the pack's
  // (imported items use their class's defaults until a refit learns them).
  const pack = await coursePack(String(activity.courseId));
  const known = new Set(listSkills(pack).map((s) => s.id));
  const chosen = (activity.skillIds ?? []).filter((s) => known.has(s));
  return {
    pack,
    activitySkills: chosen.length ? chosen : [...known],
    params: await paramsFor(loadBundledPack(), String(activity.courseId)),
    config: { ...DEFAULT_POLICY, masteryThreshold: activity.masteryThreshold ?? DEFAULT_POLICY.masteryThreshold },
    gradingMode: activity.gradingMode === 'completion' ? 'completion' : 'mastery',
  };
}

/**
 * Builds the activity a teacher chose on the Deep Linking page: a resource link that launches
 * Pathwise with the chosen skills (as a custom parameter, a string as the spec requires) and a line
 * item so the LMS creates a gradebook column. With "one activity per skill" the answer carries
 * several links, each with its own line item (scoreMaximum, resourceId, tag) and custom skills.
 */
import { z } from 'zod';
import { listSkills } from '../domain/content/index.ts';
import { loadBundledPack } from '../repositories/packFiles.ts';
import { ValidationError } from '../errors.ts';
import type { ContentItem } from '../lti/index.ts';

const body = z.object({
  title: z.string().trim().min(1, 'Give the activity a title.').max(200, 'Keep the title under 200 characters.'),
  skills: z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v])),
  perSkill: z.literal('yes').optional(),
});

/** Tag of the line items Pathwise asks for; the same tag its line-item discovery looks for. */
const TAG = 'pathwise-grade';

export function deepLinkChoices() {
  const pack = loadBundledPack();
  const all = listSkills(pack);
  const titleOf = new Map(all.map((s) => [s.id, s.title]));
  // Teachers read skill names, never ids.
  return {
    packTitle: pack.title,
    skills: all.map((s) => ({ id: s.id, title: s.title, prerequisites: s.prerequisites.map((p) => titleOf.get(p) ?? p) })),
  };
}

export function deepLinkBuilder(props: { publicUrl: string; body: unknown }): ContentItem[] {
  const parsed = body.safeParse(props.body);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => i.message).join(' '));
  const known = new Set(deepLinkChoices().skills.map((s) => s.id));
  const skills = [...new Set(parsed.data.skills)];
  const unknown = skills.filter((s) => !known.has(s));
  if (skills.length === 0) throw new ValidationError('Choose at least one skill.');
  if (unknown.length) throw new ValidationError(`Unknown skills: ${unknown.join(', ')}.`);
  const item = (title: string, chosen: string[]): ContentItem => ({
    type: 'ltiResourceLink',
    title,
    text: `Pathwise practice on ${chosen.length} skill${chosen.length === 1 ? '' : 's'}.`,
    url: `${props.publicUrl}/lti/launch`,
    custom: { skills: chosen.join(',') },
    lineItem: { scoreMaximum: 100, label: title, resourceId: `pathwise:${chosen.join('+')}`.slice(0, 250), tag: TAG },
  });
  if (parsed.data.perSkill && skills.length > 1) {
    const titles = new Map(deepLinkChoices().skills.map((s) => [s.id, s.title]));
    return skills.map((s) => item(`${parsed.data.title}: ${titles.get(s) ?? s}`.slice(0, 200), [s]));
  }
  return [item(parsed.data.title, skills)];
}

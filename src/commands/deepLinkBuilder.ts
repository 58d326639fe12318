/**
 * Builds the activity a teacher chose on the Deep Linking page: a resource link that launches
 * Pathwise with the chosen skills (as a custom parameter, a string as the spec requires) and a line
 * item so the LMS creates a gradebook column.
 */
import { z } from 'zod';
import { listSkills, loadBundledPack } from '../domain/content/index.ts';
import { ValidationError } from '../errors.ts';
import type { ContentItem } from '../lti/index.ts';

const body = z.object({
  title: z.string().trim().min(1, 'Give the activity a title.').max(200, 'Keep the title under 200 characters.'),
  skills: z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v])),
});

export function deepLinkChoices() {
  const pack = loadBundledPack();
  return { packTitle: pack.title, skills: listSkills(pack).map((s) => ({ id: s.id, title: s.title, prerequisites: s.prerequisites })) };
}

export function deepLinkBuilder(props: { publicUrl: string; body: unknown }): ContentItem[] {
  const parsed = body.safeParse(props.body);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => i.message).join(' '));
  const known = new Set(deepLinkChoices().skills.map((s) => s.id));
  const skills = [...new Set(parsed.data.skills)];
  const unknown = skills.filter((s) => !known.has(s));
  if (skills.length === 0) throw new ValidationError('Choose at least one skill.');
  if (unknown.length) throw new ValidationError(`Unknown skills: ${unknown.join(', ')}.`);
  return [
    {
      type: 'ltiResourceLink',
      title: parsed.data.title,
      text: `Pathwise practice on ${skills.length} skill${skills.length === 1 ? '' : 's'}.`,
      url: `${props.publicUrl}/lti/launch`,
      custom: { skills: skills.join(',') },
      lineItem: { scoreMaximum: 100, label: parsed.data.title, resourceId: `pathwise:${skills.join('+')}`.slice(0, 250), tag: 'pathwise-mastery' },
    },
  ];
}

/**
 * Resource list changes from the studio's forms (add, move up/down, remove, check links),
 * validated with zod. The links themselves are checked by commands/studioLinks.ts.
 */
import { z } from 'zod';
import type { Resource as PackResource } from '../domain/content/types.ts';

/** A course's resource: the pack's fields plus its language (kept with the course, not in the pack). */
export type Resource = PackResource & { language?: string };
import { ValidationError } from '../errors.ts';

const added = z.object({
  kind: z.enum(['video', 'article', 'simulation'], { message: 'Choose video, article or simulation.' }),
  title: z.string().trim().min(1, 'Give the resource a title.').max(200, 'Keep the title under 200 characters.'),
  url: z
    .string()
    .trim()
    .max(2000)
    .regex(/^https?:\/\/\S+$/, 'The link must start with http:// or https://.'),
  minutes: z.coerce
    .number({ message: 'Minutes must be a number.' })
    .positive('Minutes must be more than 0.')
    .max(600, 'Minutes must be at most 600.'),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Write the language as a short code such as en or es.'),
});
const action = z
  .object({ action: z.enum(['add', 'up', 'down', 'remove', 'check']), index: z.coerce.number().int().min(0).max(99).optional() })
  .passthrough();

export function resourceChange(list: Resource[], body: unknown): { resources: Resource[]; check: boolean; added?: Resource } {
  const a = action.safeParse(body);
  if (!a.success) throw new ValidationError('That change could not be read. Reload the page and try again.');
  const out = [...list];
  const i = a.data.index ?? -1;
  switch (a.data.action) {
    case 'add': {
      const r = added.safeParse(body);
      if (!r.success) throw new ValidationError(r.error.issues.map((x) => x.message).join(' '));
      if (out.length >= 20) throw new ValidationError('A skill can have at most 20 resources. Remove one first.');
      const one = { kind: r.data.kind, title: r.data.title, url: r.data.url, minutes: r.data.minutes, language: r.data.language };
      out.push(one);
      return { resources: out, check: false, added: one };
    }
    case 'up':
    case 'down': {
      const j = a.data.action === 'up' ? i - 1 : i + 1;
      if (i < 0 || j < 0 || i >= out.length || j >= out.length) return { resources: out, check: false };
      [out[i], out[j]] = [out[j] as Resource, out[i] as Resource];
      return { resources: out, check: false };
    }
    case 'remove':
      if (i >= 0 && i < out.length) out.splice(i, 1);
      return { resources: out, check: false };
    case 'check':
      return { resources: out, check: true };
  }
}
